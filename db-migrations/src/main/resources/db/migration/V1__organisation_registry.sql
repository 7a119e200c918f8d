-- The organisation registry: every tenant of the platform. Other tenant-owned tables reference
-- organisation(id) and lead their indexes with that column.
CREATE TABLE organisation (
    id                uuid         PRIMARY KEY,
    slug              varchar(40)  NOT NULL,
    display_name      varchar(200) NOT NULL,
    legal_entity_id   varchar(64),
    namespace         varchar(63)  NOT NULL,
    created_at        timestamptz  NOT NULL,
    updated_at        timestamptz  NOT NULL,
    deleted_at        timestamptz,
    version           bigint       NOT NULL DEFAULT 0,
    -- A slug and a namespace are never reused, even after a soft delete: Kubernetes objects,
    -- audit entries and invoices keep pointing at them.
    CONSTRAINT organisation_slug_uk UNIQUE (slug),
    CONSTRAINT organisation_namespace_uk UNIQUE (namespace),
    CONSTRAINT organisation_slug_format_ck CHECK (slug ~ '^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$')
);

-- Listing walks live organisations in slug order (keyset pagination).
CREATE INDEX organisation_live_slug_ix ON organisation (slug) WHERE deleted_at IS NULL;
