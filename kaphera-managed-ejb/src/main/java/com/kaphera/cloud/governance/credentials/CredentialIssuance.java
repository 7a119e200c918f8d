package com.kaphera.cloud.governance.credentials;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A holder's DCP credential request ({@code issuerPid} = id) and the delivery of what was issued to
 * the holder's Storage API: issued → delivered, or failed after the last retry.
 */
@Entity
@Table(name = "credential_issuance")
public class CredentialIssuance {
    public static final String ISSUED = "issued";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    @Id
    private UUID id;

    @Column(nullable = false, updatable = false, length = 40)
    private String organisation;

    @Column(name = "dataspace_id", nullable = false, updatable = false)
    private UUID dataspaceId;

    @Column(name = "holder_did", nullable = false, updatable = false, length = 500)
    private String holderDid;

    @Column(name = "holder_pid", nullable = false, updatable = false, length = 300)
    private String holderPid;

    @Column(nullable = false, length = 20)
    private String state;

    @Column(name = "storage_endpoint", length = 1000)
    private String storageEndpoint;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "last_error", length = 2000)
    private String lastError;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "delivered_at")
    private Instant deliveredAt;

    @Version
    private long version;

    protected CredentialIssuance() {
        // for JPA
    }

    CredentialIssuance(String organisation, UUID dataspaceId, String holderDid, String holderPid, Instant now) {
        this.id = com.kaphera.cloud.common.Ids.timeOrdered();
        this.organisation = organisation;
        this.dataspaceId = dataspaceId;
        this.holderDid = holderDid;
        this.holderPid = holderPid;
        this.state = ISSUED;
        this.createdAt = now;
        this.nextAttemptAt = now;
    }

    void delivered(String endpoint, Instant now) {
        storageEndpoint = endpoint;
        attempts++;
        state = DELIVERED;
        deliveredAt = now;
        nextAttemptAt = null;
        lastError = null;
    }

    /** Backoff doubles from 2 s up to 5 min; after {@code maxAttempts} the delivery has failed. */
    void attemptFailed(String endpoint, String error, int maxAttempts, Instant now) {
        storageEndpoint = endpoint;
        attempts++;
        String e = error == null ? "unknown error" : error;
        lastError = e.length() > 2000 ? e.substring(0, 2000) : e;
        if (attempts >= maxAttempts) {
            state = FAILED;
            nextAttemptAt = null;
        } else {
            long seconds = Math.min(300, 2L << Math.min(attempts - 1, 16));
            nextAttemptAt = now.plus(Duration.ofSeconds(seconds));
        }
    }

    /**
     * The wallet does not know the request yet (IdentityHub records its own request after asking, so a
     * quick delivery can arrive first): look again at {@code next}; not a failed attempt.
     */
    void notYet(String endpoint, String error, Instant next) {
        storageEndpoint = endpoint;
        lastError = error;
        nextAttemptAt = next;
    }

    /** An authority or the holder asks for another round of attempts after a failure. */
    void retry(Instant now) {
        state = ISSUED;
        attempts = 0;
        nextAttemptAt = now;
    }

    public UUID id() {
        return id;
    }

    public String organisation() {
        return organisation;
    }

    public UUID dataspaceId() {
        return dataspaceId;
    }

    public String holderDid() {
        return holderDid;
    }

    public String holderPid() {
        return holderPid;
    }

    public String state() {
        return state;
    }

    public int attempts() {
        return attempts;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public String lastError() {
        return lastError;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant deliveredAt() {
        return deliveredAt;
    }
}
