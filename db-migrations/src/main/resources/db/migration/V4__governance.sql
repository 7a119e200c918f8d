-- Governance: dataspaces run by a governance authority, their versioned profiles, participants'
-- membership requests and the dataspace's members; and the platform as each dataspace's credential
-- issuer (DCP): issuer keys, revocation lists, issued credentials and their deliveries to wallets.
-- Tenant-owned rows (requests, members, credentials, issuances) carry the applicant organisation's
-- slug, and their indexes start with it or with the dataspace.

CREATE TABLE dataspace (
    id                      uuid         PRIMARY KEY,
    slug                    varchar(40)  NOT NULL,
    display_name            varchar(200) NOT NULL,
    -- The organisation of the governance authority (a slug of organisation; organisations are never
    -- hard-deleted, so the name stays meaningful).
    authority_organisation  varchar(40)  NOT NULL,
    -- Kept in step with dataspace_member in the same transaction: the directory lists 10,000
    -- dataspaces with their member counts without counting.
    member_count            integer      NOT NULL DEFAULT 0,
    created_at              timestamptz  NOT NULL,
    updated_at              timestamptz  NOT NULL,
    version                 bigint       NOT NULL DEFAULT 0,
    CONSTRAINT dataspace_slug_uk UNIQUE (slug),
    CONSTRAINT dataspace_slug_format_ck CHECK (slug ~ '^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$'),
    CONSTRAINT dataspace_member_count_ck CHECK (member_count >= 0)
);

-- Profile versions: draft -> published -> deprecated. Content is the validated profile as JSON text
-- (description, use cases, identity model, onboarding rules); search_text is what the directory
-- searches (lower-cased name, description and use cases).
CREATE TABLE dataspace_profile (
    dataspace_id     uuid          NOT NULL REFERENCES dataspace (id),
    number           integer       NOT NULL,
    state            varchar(20)   NOT NULL,
    content          text          NOT NULL,
    search_text      text          NOT NULL,
    created_at       timestamptz   NOT NULL,
    created_by       varchar(255)  NOT NULL,
    published_at     timestamptz,
    published_by     varchar(255),
    deprecated_at    timestamptz,
    version          bigint        NOT NULL DEFAULT 0,
    CONSTRAINT dataspace_profile_pk PRIMARY KEY (dataspace_id, number),
    CONSTRAINT dataspace_profile_number_ck CHECK (number > 0),
    CONSTRAINT dataspace_profile_state_ck CHECK (state IN ('draft', 'published', 'deprecated'))
);
-- At most one draft and one published version per dataspace.
CREATE UNIQUE INDEX dataspace_profile_draft_uk ON dataspace_profile (dataspace_id) WHERE state = 'draft';
CREATE UNIQUE INDEX dataspace_profile_published_uk ON dataspace_profile (dataspace_id) WHERE state = 'published';

CREATE TABLE membership_request (
    id               uuid          PRIMARY KEY,
    organisation     varchar(40)   NOT NULL,
    dataspace_id     uuid          NOT NULL REFERENCES dataspace (id),
    profile_number   integer       NOT NULL,
    state            varchar(20)   NOT NULL,
    legal_entity_id  varchar(64),
    holder_did       varchar(500),
    -- JSON: declared attestation documents, presented credentials (VC-JWTs), the steps' results and
    -- the plain-language history the applicant reads.
    attestations     text          NOT NULL,
    credentials      text          NOT NULL,
    steps            text          NOT NULL,
    history          text          NOT NULL,
    reason           varchar(2000),
    created_at       timestamptz   NOT NULL,
    created_by       varchar(255)  NOT NULL,
    updated_at       timestamptz   NOT NULL,
    decided_at       timestamptz,
    decided_by       varchar(255),
    version          bigint        NOT NULL DEFAULT 0,
    CONSTRAINT membership_request_state_ck CHECK (state IN ('submitted', 'validating', 'awaiting-approval',
        'approved', 'rejected', 'withdrawn')),
    CONSTRAINT membership_request_profile_fk FOREIGN KEY (dataspace_id, profile_number)
        REFERENCES dataspace_profile (dataspace_id, number)
);
CREATE INDEX membership_request_organisation_ix ON membership_request (organisation, created_at DESC);
CREATE INDEX membership_request_dataspace_ix ON membership_request (dataspace_id, state, created_at);
-- One open request per organisation and dataspace.
CREATE UNIQUE INDEX membership_request_open_uk ON membership_request (organisation, dataspace_id)
    WHERE state IN ('submitted', 'validating', 'awaiting-approval');

-- The dataspace's members: organisations whose request was approved, bound to the profile version
-- they joined under until the authority migrates them.
CREATE TABLE dataspace_member (
    organisation        varchar(40)   NOT NULL,
    dataspace_id        uuid          NOT NULL REFERENCES dataspace (id),
    profile_number      integer       NOT NULL,
    legal_entity_id     varchar(64)   NOT NULL,
    did                 varchar(500)  NOT NULL,
    connector_endpoint  varchar(500),
    request_id          uuid          NOT NULL REFERENCES membership_request (id),
    joined_at           timestamptz   NOT NULL,
    version             bigint        NOT NULL DEFAULT 0,
    CONSTRAINT dataspace_member_pk PRIMARY KEY (organisation, dataspace_id),
    -- A legal entity is one member of a dataspace (the uniqueness onboarding step's backstop).
    CONSTRAINT dataspace_member_legal_entity_uk UNIQUE (dataspace_id, legal_entity_id),
    CONSTRAINT dataspace_member_did_uk UNIQUE (dataspace_id, did)
);

-- The dataspace issuer's signing keys. The private key is a JWE (dir, A256GCM) under the
-- key-encryption key from configuration; never stored in the clear. Retiring keys stay published in
-- the DID document until retire_after, so that credentials they signed stay verifiable.
CREATE TABLE issuer_key (
    dataspace_id     uuid          NOT NULL REFERENCES dataspace (id),
    key_id           varchar(300)  NOT NULL,
    public_jwk       text          NOT NULL,
    sealed_private   text          NOT NULL,
    state            varchar(20)   NOT NULL,
    created_at       timestamptz   NOT NULL,
    retiring_at      timestamptz,
    retire_after     timestamptz,
    CONSTRAINT issuer_key_pk PRIMARY KEY (dataspace_id, key_id),
    CONSTRAINT issuer_key_state_ck CHECK (state IN ('active', 'retiring', 'retired'))
);
CREATE UNIQUE INDEX issuer_key_active_uk ON issuer_key (dataspace_id) WHERE state = 'active';

-- Bitstring status lists (revocation), one bit per issued credential.
CREATE TABLE status_list (
    dataspace_id     uuid          NOT NULL REFERENCES dataspace (id),
    list_id          varchar(40)   NOT NULL,
    bits             bytea         NOT NULL,
    next_index       integer       NOT NULL,
    updated_at       timestamptz   NOT NULL,
    version          bigint        NOT NULL DEFAULT 0,
    CONSTRAINT status_list_pk PRIMARY KEY (dataspace_id, list_id),
    CONSTRAINT status_list_next_index_ck CHECK (next_index >= 0)
);

-- A holder's DCP credential request (issuerPid = id) and the delivery of its credentials to the
-- holder's Storage API, retried with backoff; several servers share the work by row lock.
CREATE TABLE credential_issuance (
    id                uuid          PRIMARY KEY,
    organisation      varchar(40)   NOT NULL,
    dataspace_id      uuid          NOT NULL REFERENCES dataspace (id),
    holder_did        varchar(500)  NOT NULL,
    holder_pid        varchar(300)  NOT NULL,
    state             varchar(20)   NOT NULL,
    storage_endpoint  varchar(1000),
    attempts          integer       NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz,
    last_error        varchar(2000),
    created_at        timestamptz   NOT NULL,
    delivered_at      timestamptz,
    version           bigint        NOT NULL DEFAULT 0,
    CONSTRAINT credential_issuance_state_ck CHECK (state IN ('issued', 'delivered', 'failed')),
    CONSTRAINT credential_issuance_holder_uk UNIQUE (dataspace_id, holder_did, holder_pid)
);
CREATE INDEX credential_issuance_organisation_ix ON credential_issuance (organisation, dataspace_id, created_at DESC);
CREATE INDEX credential_issuance_due_ix ON credential_issuance (next_attempt_at) WHERE state = 'issued';

CREATE TABLE credential (
    id                 varchar(100)  PRIMARY KEY,
    organisation       varchar(40)   NOT NULL,
    dataspace_id       uuid          NOT NULL REFERENCES dataspace (id),
    issuance_id        uuid          REFERENCES credential_issuance (id),
    holder_did         varchar(500)  NOT NULL,
    credential_type    varchar(200)  NOT NULL,
    format             varchar(20)   NOT NULL,
    key_id             varchar(300)  NOT NULL,
    status_list_id     varchar(40)   NOT NULL,
    status_index       integer       NOT NULL,
    issued_at          timestamptz   NOT NULL,
    expires_at         timestamptz   NOT NULL,
    revoked_at         timestamptz,
    revoked_by         varchar(255),
    revocation_reason  varchar(2000),
    jwt                text          NOT NULL,
    CONSTRAINT credential_status_uk UNIQUE (dataspace_id, status_list_id, status_index)
);
CREATE INDEX credential_organisation_ix ON credential (organisation, dataspace_id, issued_at DESC);
CREATE INDEX credential_dataspace_ix ON credential (dataspace_id, issued_at DESC);

DO $$
BEGIN
    IF '${appUser}' <> current_user AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appUser}') THEN
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON dataspace, dataspace_profile, membership_request, '
            || 'dataspace_member, issuer_key, status_list, credential_issuance, credential TO %I', '${appUser}');
    END IF;
END
$$;
