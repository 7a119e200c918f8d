package com.kaphera.cloud.governance.membership;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An organisation that is a member of a dataspace: its request was approved. Bound to the profile
 * version it joined under; the connector's protocol endpoint is known once its connector is provisioned.
 */
@Entity
@Table(name = "dataspace_member")
@IdClass(Member.Key.class)
public class Member {
    @Id
    @Column(length = 40)
    private String organisation;

    @Id
    @Column(name = "dataspace_id")
    private UUID dataspaceId;

    @Column(name = "profile_number", nullable = false)
    private int profileNumber;

    @Column(name = "legal_entity_id", nullable = false, length = 64)
    private String legalEntityId;

    @Column(nullable = false, length = 500)
    private String did;

    @Column(name = "connector_endpoint", length = 500)
    private String connectorEndpoint;

    @Column(name = "request_id", nullable = false, updatable = false)
    private UUID requestId;

    @Column(name = "joined_at", nullable = false, updatable = false)
    private Instant joinedAt;

    @Version
    private long version;

    protected Member() {
        // for JPA
    }

    Member(MembershipRequest request, Instant now) {
        this.organisation = request.organisation();
        this.dataspaceId = request.dataspaceId();
        this.profileNumber = request.profileNumber();
        this.legalEntityId = request.legalEntityId();
        this.did = request.holderDid();
        this.requestId = request.id();
        this.joinedAt = now;
    }

    /** The join flow records where the member's connector speaks DSP once it is provisioned. */
    public void connectorAt(String protocolEndpoint) {
        this.connectorEndpoint = protocolEndpoint;
    }

    void migrateTo(int number) {
        this.profileNumber = number;
    }

    public String organisation() {
        return organisation;
    }

    public UUID dataspaceId() {
        return dataspaceId;
    }

    public int profileNumber() {
        return profileNumber;
    }

    public String legalEntityId() {
        return legalEntityId;
    }

    public String did() {
        return did;
    }

    public String connectorEndpoint() {
        return connectorEndpoint;
    }

    public UUID requestId() {
        return requestId;
    }

    public Instant joinedAt() {
        return joinedAt;
    }

    /** The composite key (organisation, dataspace). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String organisation;
        private UUID dataspaceId;

        public Key() {
        }

        public Key(String organisation, UUID dataspaceId) {
            this.organisation = organisation;
            this.dataspaceId = dataspaceId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(k.organisation, organisation) && Objects.equals(k.dataspaceId, dataspaceId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(organisation, dataspaceId);
        }
    }
}
