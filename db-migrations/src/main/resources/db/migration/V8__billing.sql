-- Usage metering and billing (managed edition). Money is numeric at the currency's scale (2 for EUR,
-- USD, CHF, GBP; 0 for JPY), rounded half-even once per line; quantities are numeric(20,6).
-- Organisations are named by slug, as in join_flow.

-- Plans are versioned and never edited in place: a change is a new version of the same code.
CREATE TABLE billing_plan (
    id                uuid          PRIMARY KEY,
    code              varchar(40)   NOT NULL,
    plan_version      integer       NOT NULL,
    display_name      varchar(200)  NOT NULL,
    deployment_model  varchar(20)   NOT NULL,
    currency          char(3)       NOT NULL,
    monthly_fee       numeric(18,4) NOT NULL,
    -- JSON: per metric id {"included": q, "unitPrice": p} or {"included": q, "tiers": [{"upTo": q|null, "unitPrice": p}]}.
    prices            text          NOT NULL,
    created_at        timestamptz   NOT NULL,
    created_by        varchar(255)  NOT NULL,
    CONSTRAINT billing_plan_version_uk UNIQUE (code, plan_version),
    CONSTRAINT billing_plan_code_ck CHECK (code ~ '^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$'),
    CONSTRAINT billing_plan_model_ck CHECK (deployment_model IN ('shared-managed', 'dedicated-managed', 'byoc-support')),
    CONSTRAINT billing_plan_fee_ck CHECK (monthly_fee >= 0)
);

-- What an organisation, or a customer account (all its organisations on one invoice), pays for.
CREATE TABLE billing_subscription (
    id                   uuid          PRIMARY KEY,
    organisation         varchar(40),
    customer_account_id  uuid          REFERENCES customer_account (id),
    -- The buyer's country (ISO 3166-1 alpha-2): picks the tax rate.
    country              char(2)       NOT NULL,
    starts_on            date          NOT NULL,
    -- Exclusive; null while it runs.
    ends_on              date,
    -- Exclusive; the fixed fee is not charged for days before it.
    trial_ends_on        date,
    created_at           timestamptz   NOT NULL,
    created_by           varchar(255)  NOT NULL,
    updated_at           timestamptz   NOT NULL,
    version              bigint        NOT NULL DEFAULT 0,
    CONSTRAINT billing_subscription_owner_ck CHECK ((organisation IS NULL) <> (customer_account_id IS NULL)),
    CONSTRAINT billing_subscription_dates_ck CHECK (ends_on IS NULL OR ends_on > starts_on)
);
CREATE INDEX billing_subscription_organisation_ix ON billing_subscription (organisation) WHERE organisation IS NOT NULL;
CREATE INDEX billing_subscription_account_ix ON billing_subscription (customer_account_id) WHERE customer_account_id IS NOT NULL;

-- A subscription's plan over time: each row holds from its date until the next row's. An upgrade
-- adds a row from today, a downgrade one from the next period's first day; rows are never edited.
CREATE TABLE billing_subscription_plan (
    subscription_id   uuid          NOT NULL REFERENCES billing_subscription (id),
    valid_from        date          NOT NULL,
    plan_id           uuid          NOT NULL REFERENCES billing_plan (id),
    created_at        timestamptz   NOT NULL,
    created_by        varchar(255)  NOT NULL,
    PRIMARY KEY (subscription_id, valid_from)
);

-- Raw usage, kept for disputes and export. The key is the client's own id per organisation: the same
-- event sent twice, or by two server instances at once, is stored (and counted) once.
-- billing_period is the month the event is billed in: its own, or for a late event (its month was
-- already invoiced) the open one, where it becomes an adjustment.
CREATE TABLE usage_event (
    organisation    varchar(40)    NOT NULL,
    event_id        varchar(200)   NOT NULL,
    metric          varchar(40)    NOT NULL,
    quantity        numeric(20,6)  NOT NULL,
    occurred_at     timestamptz    NOT NULL,
    billing_period  date           NOT NULL,
    subject         varchar(200),
    reported_by     varchar(255)   NOT NULL,
    received_at     timestamptz    NOT NULL,
    PRIMARY KEY (organisation, event_id),
    CONSTRAINT usage_event_quantity_ck CHECK (quantity >= 0)
);
CREATE INDEX usage_event_period_ix ON usage_event (organisation, billing_period, occurred_at);

-- Per organisation, metric and hour: what invoices and the preview read. A late event adds to the
-- bucket of its own hour under the period it is billed in, so adjustments stay visible.
CREATE TABLE usage_hourly (
    organisation    varchar(40)    NOT NULL,
    metric          varchar(40)    NOT NULL,
    billing_period  date           NOT NULL,
    hour            timestamptz    NOT NULL,
    quantity        numeric(24,6)  NOT NULL,
    events          integer        NOT NULL,
    PRIMARY KEY (organisation, billing_period, metric, hour)
);

-- One row: the last day (exclusive) of the invoiced periods. Ingestion reads it FOR SHARE and an
-- invoice run moves it FOR UPDATE, so no event can land in a period after its run read the usage.
CREATE TABLE billing_close (
    id               integer  PRIMARY KEY CHECK (id = 1),
    closed_through   date     NOT NULL
);
INSERT INTO billing_close VALUES (1, DATE '2000-01-01');

-- Invoices and credit notes. One invoice per subscription and period (a constraint, not a check in
-- code): two instances, a rerun, or a restart after kill -9 can only add the missing ones.
CREATE TABLE invoice (
    id                   uuid           PRIMARY KEY,
    kind                 varchar(12)    NOT NULL,
    -- Gap-free per series and year: INV-2026-000001, CN-2026-000001. Null while draft.
    number               varchar(30),
    subscription_id      uuid           NOT NULL REFERENCES billing_subscription (id),
    organisation         varchar(40),
    customer_account_id  uuid,
    billed_to            varchar(200)   NOT NULL,
    period_start         date           NOT NULL,
    period_end           date           NOT NULL,
    credits_invoice_id   uuid           REFERENCES invoice (id),
    state                varchar(10)    NOT NULL,
    currency             char(3)        NOT NULL,
    country              char(2)        NOT NULL,
    tax_rate             numeric(7,4)   NOT NULL,
    subtotal             numeric(18,4)  NOT NULL,
    tax                  numeric(18,4)  NOT NULL,
    total                numeric(18,4)  NOT NULL,
    reason               varchar(2000),
    run_id               uuid,
    created_at           timestamptz    NOT NULL,
    created_by           varchar(255)   NOT NULL,
    issued_at            timestamptz,
    paid_at              timestamptz,
    voided_at            timestamptz,
    version              bigint         NOT NULL DEFAULT 0,
    CONSTRAINT invoice_kind_ck CHECK (kind IN ('invoice', 'credit-note')),
    CONSTRAINT invoice_state_ck CHECK (state IN ('draft', 'issued', 'paid', 'void')),
    CONSTRAINT invoice_number_ck CHECK ((state = 'draft') = (number IS NULL)),
    CONSTRAINT invoice_credit_ck CHECK ((kind = 'credit-note') = (credits_invoice_id IS NOT NULL)),
    CONSTRAINT invoice_number_uk UNIQUE (number)
);
CREATE UNIQUE INDEX invoice_once_per_period_uk ON invoice (subscription_id, period_start) WHERE kind = 'invoice';
CREATE INDEX invoice_organisation_ix ON invoice (organisation, period_start DESC) WHERE organisation IS NOT NULL;
CREATE INDEX invoice_account_ix ON invoice (customer_account_id, period_start DESC) WHERE customer_account_id IS NOT NULL;

CREATE TABLE invoice_line (
    invoice_id    uuid           NOT NULL REFERENCES invoice (id),
    position      integer        NOT NULL,
    -- fee, usage, adjustment, credit
    kind          varchar(12)    NOT NULL,
    metric        varchar(40),
    description   varchar(500)   NOT NULL,
    quantity      numeric(24,6)  NOT NULL,
    unit          varchar(20)    NOT NULL,
    unit_price    numeric(18,6)  NOT NULL,
    amount        numeric(18,4)  NOT NULL,
    from_date     date,
    to_date       date,
    PRIMARY KEY (invoice_id, position)
);

-- The last number used per series and year; taken with UPDATE … RETURNING in the issuing
-- transaction, so a rolled-back issue leaves no gap.
CREATE TABLE invoice_number (
    series  varchar(10)  NOT NULL,
    year    integer      NOT NULL,
    last    integer      NOT NULL,
    PRIMARY KEY (series, year)
);

-- Issued invoices are immutable: only the state may move on (issued → paid | void, with its time);
-- lines change only while their invoice is a draft. Enforced here, under the application.
CREATE FUNCTION invoice_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.state <> 'draft' THEN
            RAISE EXCEPTION 'invoice % is %, it cannot be deleted', OLD.number, OLD.state USING ERRCODE = '55000';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.state <> 'draft' AND (
            NEW.number IS DISTINCT FROM OLD.number OR NEW.subtotal <> OLD.subtotal OR NEW.tax <> OLD.tax
            OR NEW.total <> OLD.total OR NEW.billed_to <> OLD.billed_to OR NEW.period_start <> OLD.period_start
            OR NEW.period_end <> OLD.period_end OR NEW.tax_rate <> OLD.tax_rate OR NEW.currency <> OLD.currency
            OR NEW.subscription_id <> OLD.subscription_id OR NEW.issued_at IS DISTINCT FROM OLD.issued_at
            OR NOT (NEW.state = OLD.state OR (OLD.state = 'issued' AND NEW.state IN ('paid', 'void')))) THEN
        RAISE EXCEPTION 'invoice % is %: only its state may move on', OLD.number, OLD.state USING ERRCODE = '55000';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER invoice_immutable_tg BEFORE UPDATE OR DELETE ON invoice FOR EACH ROW EXECUTE FUNCTION invoice_immutable();

CREATE FUNCTION invoice_line_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    s varchar(10);
BEGIN
    SELECT state INTO s FROM invoice WHERE id = CASE WHEN TG_OP = 'INSERT' THEN NEW.invoice_id ELSE OLD.invoice_id END;
    IF s IS DISTINCT FROM 'draft' THEN
        RAISE EXCEPTION 'the lines of an issued invoice cannot change' USING ERRCODE = '55000';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER invoice_line_immutable_tg BEFORE INSERT OR UPDATE OR DELETE ON invoice_line
    FOR EACH ROW EXECUTE FUNCTION invoice_line_immutable();

-- Invoice runs and their work: one row per subscription and period, taken with FOR UPDATE SKIP
-- LOCKED and a lease (owner, expiry). A row that fails is parked with its reason and waits for a
-- person (POST /api/v1/billing/parked/…/release), not retried in a storm.
CREATE TABLE billing_run (
    id                uuid          PRIMARY KEY,
    period_start      date          NOT NULL,
    dry_run           boolean       NOT NULL,
    trigger           varchar(20)   NOT NULL,
    started_by        varchar(255)  NOT NULL,
    started_at        timestamptz   NOT NULL,
    finished_at       timestamptz,
    state             varchar(10)   NOT NULL,
    -- JSON: counts and totals by currency.
    summary           text,
    CONSTRAINT billing_run_state_ck CHECK (state IN ('running', 'finished', 'failed'))
);
CREATE INDEX billing_run_started_ix ON billing_run (started_at DESC);
-- The monthly schedule starts a month's run once, whichever server checks first.
CREATE UNIQUE INDEX billing_run_scheduled_uk ON billing_run (period_start) WHERE trigger = 'schedule' AND NOT dry_run;

CREATE TABLE billing_work (
    subscription_id   uuid          NOT NULL REFERENCES billing_subscription (id),
    period_start      date          NOT NULL,
    state             varchar(10)   NOT NULL,
    lease_owner       varchar(200),
    lease_expires_at  timestamptz,
    attempts          integer       NOT NULL DEFAULT 0,
    reason            varchar(2000),
    invoice_id        uuid          REFERENCES invoice (id),
    updated_at        timestamptz   NOT NULL,
    PRIMARY KEY (subscription_id, period_start),
    CONSTRAINT billing_work_state_ck CHECK (state IN ('pending', 'done', 'parked'))
);
CREATE INDEX billing_work_pending_ix ON billing_work (period_start) WHERE state = 'pending';

DO $$
BEGIN
    IF '${appUser}' <> current_user AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appUser}') THEN
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON billing_subscription, usage_event, usage_hourly, '
            || 'billing_run, billing_work, invoice_line TO %I', '${appUser}');
        -- Plans and plan history are append-only; invoices are never deleted (the trigger refuses issued ones too).
        EXECUTE format('GRANT SELECT, INSERT ON billing_plan, billing_subscription_plan TO %I', '${appUser}');
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON invoice, invoice_number, billing_close TO %I', '${appUser}');
    END IF;
END
$$;
