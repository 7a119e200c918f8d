-- The participant join flow (managed edition): one row per join, driven step by step by a work table
-- with leases. A worker takes a due join with FOR UPDATE SKIP LOCKED, stamps its lease (owner, expiry)
-- and bumps the fencing token; every write of a step's outcome checks that token again, so a worker
-- whose lease was taken over (it stalled, or its server was killed) can never record anything.
-- Every change is also an event (join_event), the source of the live tracker (Server-Sent Events,
-- resumable with Last-Event-ID = seq).

CREATE TABLE join_flow (
    id                uuid          PRIMARY KEY,
    organisation      varchar(40)   NOT NULL,
    dataspace_id      uuid          NOT NULL REFERENCES dataspace (id),
    deployment_model  varchar(20)   NOT NULL,
    -- The client's Idempotency-Key and a hash of the request body it came with: the same key with
    -- the same body is the same join, with another body a 422.
    idempotency_key   varchar(200)  NOT NULL,
    request_hash      varchar(64)   NOT NULL,
    requested_by      varchar(255)  NOT NULL,
    state             varchar(20)   NOT NULL,
    -- The step being worked on (null once succeeded).
    step              varchar(20),
    -- JSON: per step its status, timestamps, attempts, last error and plain-language text.
    steps             text          NOT NULL,
    -- JSON: what the steps established (participant context, DID, request id, resource names,
    -- endpoints). Never a secret: the wallet's STS secret goes straight into a Kubernetes Secret, and
    -- the connector's management API key is derived from the key-encryption key when needed.
    details           text          NOT NULL,
    -- Failed attempts of the current step (waiting is not failing).
    attempt           integer       NOT NULL DEFAULT 0,
    -- When a worker should look at it next; null while it waits for a person, and once final.
    next_attempt_at   timestamptz,
    -- Who a join that is not final and not scheduled waits for, in words.
    waiting_for       varchar(300),
    lease_owner       varchar(200),
    lease_expires_at  timestamptz,
    fence             bigint        NOT NULL DEFAULT 0,
    -- Bumped by every wake-up (an authority decided, a wallet asked): a worker that decided to wait
    -- for a person while a wake-up arrived sees it changed, and looks again instead of sleeping.
    wakes             bigint        NOT NULL DEFAULT 0,
    outcome           varchar(2000),
    created_at        timestamptz   NOT NULL,
    updated_at        timestamptz   NOT NULL,
    finished_at       timestamptz,
    version           bigint        NOT NULL DEFAULT 0,
    CONSTRAINT join_flow_idempotency_uk UNIQUE (organisation, idempotency_key),
    CONSTRAINT join_flow_model_ck CHECK (deployment_model IN ('shared-managed', 'dedicated-managed', 'on-premise')),
    CONSTRAINT join_flow_state_ck CHECK (state IN ('running', 'awaiting-authority', 'awaiting-applicant',
        'succeeded', 'failed', 'cancelled')),
    -- Never stuck: a join that is running is scheduled; one that waits names whom it waits for.
    CONSTRAINT join_flow_never_stuck_ck CHECK (state <> 'running' OR next_attempt_at IS NOT NULL),
    CONSTRAINT join_flow_waiting_ck CHECK (state NOT IN ('awaiting-authority', 'awaiting-applicant')
        OR waiting_for IS NOT NULL)
);
-- One join per organisation and dataspace unless cancelled: a failed one is retried, not repeated.
CREATE UNIQUE INDEX join_flow_one_per_dataspace_uk ON join_flow (organisation, dataspace_id) WHERE state <> 'cancelled';
CREATE INDEX join_flow_due_ix ON join_flow (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX join_flow_organisation_ix ON join_flow (organisation, created_at DESC);
CREATE INDEX join_flow_dataspace_ix ON join_flow (dataspace_id, created_at DESC);

CREATE TABLE join_event (
    seq           bigserial     PRIMARY KEY,
    join_id       uuid          NOT NULL REFERENCES join_flow (id),
    type          varchar(40)   NOT NULL,
    data          text          NOT NULL,
    at            timestamptz   NOT NULL
);
CREATE INDEX join_event_join_ix ON join_event (join_id, seq);

DO $$
BEGIN
    IF '${appUser}' <> current_user AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appUser}') THEN
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON join_flow, join_event TO %I', '${appUser}');
        EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE join_event_seq_seq TO %I', '${appUser}');
    END IF;
END
$$;
