package com.kaphera.cloud.organisation;

import com.kaphera.cloud.account.CustomerAccount;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.FreeText;
import com.kaphera.cloud.common.InvalidInputException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A tenant of the platform: one legal entity with its own connector identity and its own Kubernetes
 * namespace. The slug and namespace are fixed at registration and never reused.
 */
@Entity
@Table(name = "organisation")
public class Organisation {
    /** A DNS label of at most 40 characters, so that prefix + slug still fits a namespace name. */
    public static final String SLUG_REGEX = "^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$";
    public static final String SLUG_RULE = "must be a DNS label: 1-40 lower-case letters, digits or '-', "
            + "starting with a letter and not ending with '-'";
    private static final Pattern SLUG = Pattern.compile(SLUG_REGEX);
    /**
     * Namespaces Kubernetes or the platform itself use: an organisation must never be handed one
     * (with the default prefix the slug "system" would be the server's own kaphera-system).
     */
    private static final java.util.Set<String> RESERVED_NAMESPACES =
            java.util.Set.of("default", "kube-system", "kube-public", "kube-node-lease", "kaphera-system");
    private static final java.util.Set<String> RESERVED_SLUGS = java.util.Set.of("system", "default", "kube");
    public static final int DISPLAY_NAME_MAX = 200;
    public static final int LEGAL_ENTITY_ID_MAX = 64;

    @Id
    private UUID id;

    @Column(nullable = false, updatable = false, length = 40)
    private String slug;

    @Column(name = "display_name", nullable = false, length = DISPLAY_NAME_MAX)
    private String displayName;

    @Column(name = "legal_entity_id", length = LEGAL_ENTITY_ID_MAX)
    private String legalEntityId;

    @Column(nullable = false, updatable = false, length = 63)
    private String namespace;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    /** The commercial party this organisation belongs to; null while none is assigned. */
    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "customer_account_id")
    private CustomerAccount customerAccount;

    @Version
    private long version;

    protected Organisation() {
        // for JPA
    }

    public Organisation(String slug, String displayName, String legalEntityId, String namespace, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (slug == null || !SLUG.matcher(slug).matches()) {
            errors.add(new FieldError("slug", SLUG_RULE));
        } else if (isReserved(slug, namespace)) {
            errors.add(new FieldError("slug", "is reserved: '" + slug + "' (namespace '" + namespace
                    + "') belongs to Kubernetes or the platform"));
        }
        checkDisplayData(displayName, legalEntityId, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The organisation is not valid", errors);
        }
        this.id = UUID.randomUUID();
        this.slug = slug;
        this.displayName = displayName.strip();
        this.legalEntityId = blankToNull(legalEntityId);
        this.namespace = Objects.requireNonNull(namespace);
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Changes the display data; {@code null} leaves a field as it is, "" clears the legal entity id. */
    public void describe(String newDisplayName, String newLegalEntityId, boolean clearLegalEntityId, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        checkDisplayData(newDisplayName == null ? displayName : newDisplayName,
                newLegalEntityId == null ? legalEntityId : newLegalEntityId, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The organisation is not valid", errors);
        }
        if (newDisplayName != null) {
            this.displayName = newDisplayName.strip();
        }
        if (clearLegalEntityId) {
            this.legalEntityId = null;
        } else if (newLegalEntityId != null) {
            this.legalEntityId = blankToNull(newLegalEntityId);
        }
        this.updatedAt = now;
    }

    /** Moves the organisation to {@code account} (null: to none). Platform admins only, checked at the edge. */
    public void belongTo(CustomerAccount account, Instant now) {
        this.customerAccount = account;
        this.updatedAt = now;
    }

    public CustomerAccount customerAccount() {
        return customerAccount;
    }

    public void delete(Instant now) {
        this.deletedAt = now;
        this.updatedAt = now;
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }

    /** The display-name rule organisations and customer accounts share. */
    public static void checkDisplayName(String displayName, List<FieldError> errors) {
        if (displayName == null || displayName.isBlank()) {
            errors.add(new FieldError("displayName", "must not be blank"));
        } else if (displayName.strip().length() > DISPLAY_NAME_MAX) {
            errors.add(new FieldError("displayName", "must be at most " + DISPLAY_NAME_MAX + " characters"));
        } else {
            FreeText.check("displayName", displayName, errors);
        }
    }

    private static void checkDisplayData(String displayName, String legalEntityId, List<FieldError> errors) {
        checkDisplayName(displayName, errors);
        if (legalEntityId != null && legalEntityId.strip().length() > LEGAL_ENTITY_ID_MAX) {
            errors.add(new FieldError("legalEntityId", "must be at most " + LEGAL_ENTITY_ID_MAX + " characters"));
        } else {
            FreeText.check("legalEntityId", legalEntityId, errors);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
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

    public String legalEntityId() {
        return legalEntityId;
    }

    /** {@code system}, {@code default}, {@code kube}, {@code kube-*}, or a slug whose namespace Kubernetes or the platform uses. */
    static boolean isReserved(String slug, String namespace) {
        return RESERVED_SLUGS.contains(slug) || slug.startsWith("kube-") || namespace == null
                || RESERVED_NAMESPACES.contains(namespace) || namespace.startsWith("kube-");
    }

    public String namespace() {
        return namespace;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public long version() {
        return version;
    }
}
