package com.kaphera.cloud.governance.credentials;

import com.kaphera.cloud.governance.credentials.dcp.BitstringStatusList;
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

/** A dataspace's revocation list: one bit per credential it issued, handed out in order. */
@Entity
@Table(name = "status_list")
@IdClass(StatusList.Key.class)
public class StatusList {
    @Id
    @Column(name = "dataspace_id")
    private UUID dataspaceId;

    @Id
    @Column(name = "list_id", length = 40)
    private String listId;

    @Column(nullable = false)
    private byte[] bits;

    @Column(name = "next_index", nullable = false)
    private int nextIndex;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected StatusList() {
        // for JPA
    }

    StatusList(UUID dataspaceId, String listId, Instant now) {
        this.dataspaceId = dataspaceId;
        this.listId = listId;
        this.bits = BitstringStatusList.empty().toBytes();
        this.updatedAt = now;
    }

    /** The next free index, or -1 when the list is full (a new list is started then). */
    int allocate(Instant now) {
        if (nextIndex >= list().size()) {
            return -1;
        }
        updatedAt = now;
        return nextIndex++;
    }

    void revoke(int index, Instant now) {
        BitstringStatusList list = list();
        list.set(index, true);
        bits = list.toBytes();
        updatedAt = now;
    }

    public BitstringStatusList list() {
        return BitstringStatusList.fromBytes(bits);
    }

    public String listId() {
        return listId;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** The composite key (dataspace, list id). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private UUID dataspaceId;
        private String listId;

        public Key() {
        }

        public Key(UUID dataspaceId, String listId) {
            this.dataspaceId = dataspaceId;
            this.listId = listId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(k.dataspaceId, dataspaceId) && Objects.equals(k.listId, listId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(dataspaceId, listId);
        }
    }
}
