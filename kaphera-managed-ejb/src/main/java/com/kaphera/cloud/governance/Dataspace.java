package com.kaphera.cloud.governance;

import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.FreeText;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.organisation.Organisation;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A dataspace run on the platform by a governance authority (an organisation). Its rules are in
 * versioned profiles ({@link ProfileVersion}); the platform is its credential issuer.
 */
@Entity
@Table(name = "dataspace")
public class Dataspace {
    @Id
    private UUID id;

    @Column(nullable = false, updatable = false, length = 40)
    private String slug;

    @Column(name = "display_name", nullable = false, length = 200)
    private String displayName;

    @Column(name = "authority_organisation", nullable = false, updatable = false, length = 40)
    private String authorityOrganisation;

    @Column(name = "member_count", nullable = false)
    private int memberCount;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Dataspace() {
        // for JPA
    }

    public Dataspace(String slug, String displayName, String authorityOrganisation, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (slug == null || !slug.matches(Organisation.SLUG_REGEX)) {
            errors.add(new FieldError("slug", Organisation.SLUG_RULE));
        }
        if (displayName == null || displayName.isBlank() || displayName.length() > 200) {
            errors.add(new FieldError("displayName", "is required, at most 200 characters"));
        } else {
            FreeText.check("displayName", displayName, errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The dataspace is not valid", errors);
        }
        this.id = UUID.randomUUID();
        this.slug = slug;
        this.displayName = displayName;
        this.authorityOrganisation = authorityOrganisation;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** A member joined (+1) or left (-1); kept with the member rows in one transaction. */
    public void countMember(int delta, Instant now) {
        memberCount += delta;
        updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public String slug() {
        return slug;
    }

    public String displayName() {
        return displayName;
    }

    public String authorityOrganisation() {
        return authorityOrganisation;
    }

    public int memberCount() {
        return memberCount;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public long version() {
        return version;
    }
}
