-- Customer accounts: the commercial party behind one or more organisations (the tier-1 supplier's
-- two legal entities are two organisations, one account, one invoice). Billing and fleet views
-- group by account. Accounts are platform data, not tenant-owned: only Kaphera operations manage them.
CREATE TABLE customer_account (
    id                uuid         PRIMARY KEY,
    slug              varchar(40)  NOT NULL,
    display_name      varchar(200) NOT NULL,
    billing_email     varchar(254),
    created_at        timestamptz  NOT NULL,
    updated_at        timestamptz  NOT NULL,
    version           bigint       NOT NULL DEFAULT 0,
    CONSTRAINT customer_account_slug_uk UNIQUE (slug),
    CONSTRAINT customer_account_slug_format_ck CHECK (slug ~ '^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$')
);

ALTER TABLE organisation ADD COLUMN customer_account_id uuid
    CONSTRAINT organisation_customer_account_fk REFERENCES customer_account (id);

-- "Organisations of this account", for the account view, billing runs and the fleet grouping.
CREATE INDEX organisation_customer_account_ix ON organisation (customer_account_id) WHERE deleted_at IS NULL;
