package com.kaphera.cloud.account;

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
import java.util.regex.Pattern;

/**
 * The commercial party behind one or more organisations: one contract, one invoice, one group in the
 * fleet view. Organisations point at it; it never owns tenant data itself.
 */
@Entity
@Table(name = "customer_account")
public class CustomerAccount {
    public static final int BILLING_EMAIL_MAX = 254;
    private static final Pattern SLUG = Pattern.compile(Organisation.SLUG_REGEX);
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    @Id
    private UUID id;

    @Column(nullable = false, updatable = false, length = 40)
    private String slug;

    @Column(name = "display_name", nullable = false, length = Organisation.DISPLAY_NAME_MAX)
    private String displayName;

    @Column(name = "billing_email", length = BILLING_EMAIL_MAX)
    private String billingEmail;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected CustomerAccount() {
        // for JPA
    }

    public CustomerAccount(String slug, String displayName, String billingEmail, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (slug == null || !SLUG.matcher(slug).matches()) {
            errors.add(new FieldError("slug", Organisation.SLUG_RULE));
        }
        Organisation.checkDisplayName(displayName, errors);
        FreeText.check("billingEmail", billingEmail, errors);
        if (billingEmail != null && !billingEmail.isBlank()
                && (billingEmail.strip().length() > BILLING_EMAIL_MAX || !EMAIL.matcher(billingEmail.strip()).matches())) {
            errors.add(new FieldError("billingEmail", "must be an e-mail address of at most " + BILLING_EMAIL_MAX
                    + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The customer account is not valid", errors);
        }
        this.id = UUID.randomUUID();
        this.slug = slug;
        this.displayName = displayName.strip();
        this.billingEmail = billingEmail == null || billingEmail.isBlank() ? null : billingEmail.strip();
        this.createdAt = now;
        this.updatedAt = now;
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

    public String billingEmail() {
        return billingEmail;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public long version() {
        return version;
    }
}
