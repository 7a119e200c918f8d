package com.kaphera.cloud.governance;

import com.kaphera.cloud.common.ConflictException;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.io.StringReader;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One numbered version of a dataspace's profile. Only a draft changes; publishing it deprecates the
 * version published before, and members stay bound to the number they joined under.
 */
@Entity
@Table(name = "dataspace_profile")
@IdClass(ProfileVersion.Key.class)
public class ProfileVersion {
    /**
     * Made once: {@code Json.createReader} looks the JSON-P provider up through ServiceLoader on every
     * call (through Liberty's class loaders), and the directory reads one profile per entry, 200 per
     * page (bench/directory). Factories are thread-safe.
     */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    @Id
    @Column(name = "dataspace_id")
    private UUID dataspaceId;

    @Id
    private int number;

    @Column(nullable = false, length = 20)
    private String state;

    @Column(nullable = false)
    private String content;

    @Column(name = "search_text", nullable = false)
    private String searchText;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    @Column(name = "published_at")
    private Instant publishedAt;

    @Column(name = "published_by")
    private String publishedBy;

    @Column(name = "deprecated_at")
    private Instant deprecatedAt;

    @Version
    private long version;

    protected ProfileVersion() {
        // for JPA
    }

    ProfileVersion(Dataspace dataspace, int number, DataspaceProfile profile, String author, Instant now) {
        this.dataspaceId = dataspace.id();
        this.number = number;
        this.state = ProfileState.DRAFT.id();
        this.createdAt = now;
        this.createdBy = author;
        edit(dataspace, profile);
    }

    void edit(Dataspace dataspace, DataspaceProfile profile) {
        if (state() != ProfileState.DRAFT) {
            throw new ConflictException("Version " + number + " is " + state + "; only a draft changes");
        }
        this.content = profile.toJson().toString();
        this.searchText = profile.searchText(dataspace.displayName());
    }

    void publish(String publisher, Instant now) {
        if (state() != ProfileState.DRAFT) {
            throw new ConflictException("Version " + number + " is " + state + "; only a draft is published");
        }
        state = ProfileState.PUBLISHED.id();
        publishedAt = now;
        publishedBy = publisher;
    }

    void deprecate(Instant now) {
        if (state() != ProfileState.PUBLISHED) {
            throw new ConflictException("Version " + number + " is " + state + "; only the published version is deprecated");
        }
        state = ProfileState.DEPRECATED.id();
        deprecatedAt = now;
    }

    public DataspaceProfile profile() {
        // Closed, so that the parser's buffer goes back to the factory's pool.
        try (JsonReader reader = READERS.createReader(new StringReader(content))) {
            return DataspaceProfile.fromJson(reader.readObject());
        }
    }

    public UUID dataspaceId() {
        return dataspaceId;
    }

    public int number() {
        return number;
    }

    public ProfileState state() {
        return ProfileState.fromId(state);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String createdBy() {
        return createdBy;
    }

    public Instant publishedAt() {
        return publishedAt;
    }

    public String publishedBy() {
        return publishedBy;
    }

    public Instant deprecatedAt() {
        return deprecatedAt;
    }

    public long version() {
        return version;
    }

    /** The composite key (dataspace, number). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private UUID dataspaceId;
        private int number;

        public Key() {
        }

        public Key(UUID dataspaceId, int number) {
            this.dataspaceId = dataspaceId;
            this.number = number;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.number == number && Objects.equals(k.dataspaceId, dataspaceId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(dataspaceId, number);
        }
    }
}
