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
    /** The authority_organisation of a remote dataspace: audit entries about it go to the platform's chain. */
    public static final String REMOTE_AUTHORITY_ORGANISATION = "_platform";

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

    /** Hosted elsewhere: the configured authority's name (kaphera.authorities.&lt;name&gt;); null for our own. */
    @Column(name = "remote_authority", updatable = false, length = 40)
    private String remoteAuthority;

    @Column(name = "remote_slug", updatable = false, length = 40)
    private String remoteSlug;

    @Column(name = "remote_issuer_did", length = 500)
    private String remoteIssuerDid;

    /** Comma-separated, as the remote directory listed them when registered. */
    @Column(name = "remote_credential_types", length = 1000)
    private String remoteCredentialTypes;

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

    /**
     * A dataspace governed by another Kaphera platform, registered here so that joins can name it: no
     * profile, issuer or members here. Its authority organisation is the platform's chain.
     */
    public static Dataspace remote(String slug, String displayName, String authority, String remoteSlug, String issuerDid,
            List<String> credentialTypes, Instant now) {
        Dataspace d = new Dataspace(slug, displayName, REMOTE_AUTHORITY_ORGANISATION, now);
        d.remoteAuthority = authority;
        d.remoteSlug = remoteSlug;
        d.remoteIssuerDid = issuerDid;
        d.remoteCredentialTypes = String.join(",", credentialTypes);
        return d;
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

    public boolean isRemote() {
        return remoteAuthority != null;
    }

    public String remoteAuthority() {
        return remoteAuthority;
    }

    public String remoteSlug() {
        return remoteSlug;
    }

    public String remoteIssuerDid() {
        return remoteIssuerDid;
    }

    public List<String> remoteCredentialTypes() {
        return remoteCredentialTypes == null || remoteCredentialTypes.isBlank() ? List.of()
                : List.of(remoteCredentialTypes.split(","));
    }
}
