package com.kaphera.cloud.governance.credentials;

import com.kaphera.cloud.common.ConflictException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A verifiable credential a dataspace's issuer signed for a member, with its revocation bit. */
@Entity
@Table(name = "credential")
public class IssuedCredential {
    @Id
    @Column(length = 100)
    private String id;

    @Column(nullable = false, updatable = false, length = 40)
    private String organisation;

    @Column(name = "dataspace_id", nullable = false, updatable = false)
    private UUID dataspaceId;

    @Column(name = "issuance_id", updatable = false)
    private UUID issuanceId;

    @Column(name = "holder_did", nullable = false, updatable = false, length = 500)
    private String holderDid;

    @Column(name = "credential_type", nullable = false, updatable = false, length = 200)
    private String credentialType;

    @Column(nullable = false, updatable = false, length = 20)
    private String format;

    @Column(name = "key_id", nullable = false, updatable = false, length = 300)
    private String keyId;

    @Column(name = "status_list_id", nullable = false, updatable = false, length = 40)
    private String statusListId;

    @Column(name = "status_index", nullable = false, updatable = false)
    private int statusIndex;

    @Column(name = "issued_at", nullable = false, updatable = false)
    private Instant issuedAt;

    @Column(name = "expires_at", nullable = false, updatable = false)
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "revoked_by")
    private String revokedBy;

    @Column(name = "revocation_reason", length = 2000)
    private String revocationReason;

    @Column(nullable = false, updatable = false)
    private String jwt;

    protected IssuedCredential() {
        // for JPA
    }

    IssuedCredential(String id, String organisation, UUID dataspaceId, UUID issuanceId, String holderDid, String credentialType,
            String format, String keyId, String statusListId, int statusIndex, Instant issuedAt, Instant expiresAt, String jwt) {
        this.id = id;
        this.organisation = organisation;
        this.dataspaceId = dataspaceId;
        this.issuanceId = issuanceId;
        this.holderDid = holderDid;
        this.credentialType = credentialType;
        this.format = format;
        this.keyId = keyId;
        this.statusListId = statusListId;
        this.statusIndex = statusIndex;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
        this.jwt = jwt;
    }

    void revoke(String by, String reason, Instant now) {
        if (revokedAt != null) {
            throw new ConflictException("Credential " + id + " was revoked at " + revokedAt);
        }
        revokedAt = now;
        revokedBy = by;
        revocationReason = reason;
    }

    public String id() {
        return id;
    }

    public String organisation() {
        return organisation;
    }

    public UUID dataspaceId() {
        return dataspaceId;
    }

    public UUID issuanceId() {
        return issuanceId;
    }

    public String holderDid() {
        return holderDid;
    }

    public String credentialType() {
        return credentialType;
    }

    public String format() {
        return format;
    }

    public String keyId() {
        return keyId;
    }

    public String statusListId() {
        return statusListId;
    }

    public int statusIndex() {
        return statusIndex;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant revokedAt() {
        return revokedAt;
    }

    public String revokedBy() {
        return revokedBy;
    }

    public String revocationReason() {
        return revocationReason;
    }

    public String jwt() {
        return jwt;
    }
}
