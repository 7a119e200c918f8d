-- The audit log: one hash chain per organisation (and one, "_platform", for platform data such as
-- customer accounts and for refused calls that name no organisation the caller may see).
-- Append-only for the application: the role the server runs as (${appUser}) may INSERT and SELECT
-- here, never UPDATE or DELETE; only the owner role that runs these migrations can, and the chain
-- makes whatever it changes visible to GET .../audit/verify and to the offline verifier.
CREATE TABLE audit_entry (
    organisation      varchar(40)  NOT NULL,
    sequence          bigint       NOT NULL,
    occurred_at       timestamptz  NOT NULL,
    actor_subject     varchar(255) NOT NULL,
    actor_name        varchar(255),
    actor_client      varchar(255),
    actor_roles       varchar(1000) NOT NULL,
    actor_system      boolean      NOT NULL,
    operation         varchar(80)  NOT NULL,
    target_kind       varchar(80)  NOT NULL,
    target_id         varchar(300),
    outcome           varchar(20)  NOT NULL,
    status            integer      NOT NULL,
    -- JSON text, kept byte for byte as it was hashed (jsonb would normalise it).
    change            text,
    summary           varchar(2000) NOT NULL,
    request_id        varchar(100),
    source_address    varchar(100),
    previous_hash     char(64)     NOT NULL,
    hash              char(64)     NOT NULL,
    -- Gap-free per organisation: the writer takes a per-organisation lock; this key is the backstop.
    CONSTRAINT audit_entry_pk PRIMARY KEY (organisation, sequence),
    CONSTRAINT audit_entry_sequence_ck CHECK (sequence > 0),
    CONSTRAINT audit_entry_outcome_ck CHECK (outcome IN ('success', 'denied', 'invalid', 'not-found', 'conflict',
        'unavailable', 'failed'))
);

-- Reading filters by time, newest first, inside one organisation.
CREATE INDEX audit_entry_time_ix ON audit_entry (organisation, occurred_at DESC, sequence DESC);
CREATE INDEX audit_entry_actor_ix ON audit_entry (organisation, actor_subject, sequence DESC);
CREATE INDEX audit_entry_target_ix ON audit_entry (organisation, target_kind, target_id, sequence DESC);

-- Signed statements of a chain's head (CloudTrail digest files in spirit).
CREATE TABLE audit_checkpoint (
    organisation      varchar(40)  NOT NULL,
    sequence          bigint       NOT NULL,
    hash              char(64)     NOT NULL,
    signed_at         timestamptz  NOT NULL,
    key_id            varchar(64)  NOT NULL,
    jws               text         NOT NULL,
    CONSTRAINT audit_checkpoint_pk PRIMARY KEY (organisation, sequence)
);

-- Every public key that ever signed a checkpoint, so that old checkpoints stay verifiable after the
-- server's signing key is rotated (GET /api/v1/audit/keys publishes them all).
CREATE TABLE audit_signing_key (
    key_id            varchar(64)  PRIMARY KEY,
    public_jwk        text         NOT NULL,
    first_used_at     timestamptz  NOT NULL
);

-- The application role: full use of the tenant tables, append-only on the audit tables. Skipped when
-- the server runs as the owner itself (a single-role install): the server then warns at start that
-- the log is not append-only (docs/audit.md).
DO $$
BEGIN
    IF '${appUser}' <> current_user AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appUser}') THEN
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON organisation, customer_account TO %I', '${appUser}');
        EXECUTE format('GRANT SELECT ON flyway_schema_history TO %I', '${appUser}');
        EXECUTE format('GRANT SELECT, INSERT ON audit_entry, audit_checkpoint, audit_signing_key TO %I', '${appUser}');
    END IF;
END
$$;
