package com.kaphera.cloud.governance.credentials;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One of a dataspace issuer's signing keys as stored: the public JWK, and the private key only as a
 * JWE under the key-encryption key. Active signs; retiring stays published until {@code retireAfter}.
 */
@Entity
@Table(name = "issuer_key")
@IdClass(IssuerSigningKey.Key.class)
public class IssuerSigningKey {
    public static final String ACTIVE = "active";
    public static final String RETIRING = "retiring";

    @Id
    @Column(name = "dataspace_id")
    private UUID dataspaceId;

    @Id
    @Column(name = "key_id", length = 300)
    private String keyId;

    @Column(name = "public_jwk", nullable = false)
    private String publicJwk;

    @Column(name = "sealed_private", nullable = false)
    private String sealedPrivate;

    @Column(nullable = false, length = 20)
    private String state;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "retiring_at")
    private Instant retiringAt;

    @Column(name = "retire_after")
    private Instant retireAfter;

    protected IssuerSigningKey() {
        // for JPA
    }

    IssuerSigningKey(UUID dataspaceId, String keyId, String publicJwk, String sealedPrivate, Instant now) {
        this.dataspaceId = dataspaceId;
        this.keyId = keyId;
        this.publicJwk = publicJwk;
        this.sealedPrivate = sealedPrivate;
        this.state = ACTIVE;
        this.createdAt = now;
    }

    void retire(Instant now, Instant publishedUntil) {
        state = RETIRING;
        retiringAt = now;
        retireAfter = publishedUntil;
    }

    public String keyId() {
        return keyId;
    }

    public String publicJwk() {
        return publicJwk;
    }

    String sealedPrivate() {
        return sealedPrivate;
    }

    public String state() {
        return state;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant retireAfter() {
        return retireAfter;
    }

    /** The composite key (dataspace, key id). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private UUID dataspaceId;
        private String keyId;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(k.dataspaceId, dataspaceId) && Objects.equals(k.keyId, keyId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(dataspaceId, keyId);
        }
    }
}
