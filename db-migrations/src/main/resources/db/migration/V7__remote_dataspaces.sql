-- Dataspaces hosted elsewhere: governed by another Kaphera Cloud Server (managed edition), which a
-- platform admin registers here so that joins can name them. Such a row has no profile, no issuer
-- keys and no members here; the remote platform is its authority and its issuer. remote_authority
-- names the configured authority (kaphera.authorities.<name>.*), remote_slug the dataspace's slug
-- there; the issuer DID and credential types are read from the remote directory when registering.
-- Local rows keep all four null. The authority organisation of a remote row is '_platform'.

ALTER TABLE dataspace
    ADD COLUMN remote_authority         varchar(40),
    ADD COLUMN remote_slug              varchar(40),
    ADD COLUMN remote_issuer_did        varchar(500),
    ADD COLUMN remote_credential_types  varchar(1000),
    ADD CONSTRAINT dataspace_remote_ck CHECK (
        (remote_authority IS NULL AND remote_slug IS NULL AND remote_issuer_did IS NULL AND remote_credential_types IS NULL)
        OR (remote_authority IS NOT NULL AND remote_slug IS NOT NULL AND remote_issuer_did IS NOT NULL
            AND remote_credential_types IS NOT NULL));
-- One local row per remote dataspace.
CREATE UNIQUE INDEX dataspace_remote_uk ON dataspace (remote_authority, remote_slug) WHERE remote_authority IS NOT NULL;
