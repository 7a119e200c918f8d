package com.kaphera.cloud.billing.plans;

import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * What an organisation, or a customer account (all its organisations on one invoice), pays for, from
 * {@code startsOn} until {@code endsOn} (exclusive; null while it runs). Its plan over time lives in
 * billing_subscription_plan (append-only), see {@link SubscriptionService}.
 */
@Entity
@Table(name = "billing_subscription")
public class Subscription {
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    @Id
    private UUID id;

    @Column(updatable = false, length = 40)
    private String organisation;

    @Column(name = "customer_account_id", updatable = false)
    private UUID customerAccountId;

    @Column(nullable = false, updatable = false, length = 2)
    private String country;

    @Column(name = "starts_on", nullable = false, updatable = false)
    private LocalDate startsOn;

    @Column(name = "ends_on")
    private LocalDate endsOn;

    @Column(name = "trial_ends_on", updatable = false)
    private LocalDate trialEndsOn;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Subscription() {
        // for JPA
    }

    /** Exactly one of {@code organisation} and {@code customerAccountId} (the caller resolved and checked it). */
    public Subscription(String organisation, UUID customerAccountId, String country, LocalDate startsOn,
            LocalDate trialEndsOn, String createdBy, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        checkCountry(country, errors);
        if (startsOn == null) {
            errors.add(new FieldError("startsOn", "is required"));
        } else if (trialEndsOn != null && !trialEndsOn.isAfter(startsOn)) {
            errors.add(new FieldError("trialEndsOn", "must be after startsOn (it is exclusive)"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The subscription is not valid", errors);
        }
        if ((organisation == null) == (customerAccountId == null)) {
            throw new IllegalArgumentException("a subscription is an organisation's or a customer account's");
        }
        this.id = UUID.randomUUID();
        this.organisation = organisation;
        this.customerAccountId = customerAccountId;
        this.country = country;
        this.startsOn = startsOn;
        this.trialEndsOn = trialEndsOn;
        this.createdAt = now;
        this.createdBy = createdBy;
        this.updatedAt = now;
    }

    static void checkCountry(String country, List<FieldError> errors) {
        if (country == null || !COUNTRIES.contains(country)) {
            errors.add(new FieldError("country", "must be an ISO 3166-1 alpha-2 country code such as DE"));
        }
    }

    /** Ends it on {@code endsOn} (exclusive): once, and after it started. */
    void end(LocalDate endsOn, Instant now) {
        if (!endsOn.isAfter(startsOn)) {
            throw new InvalidInputException(new FieldError("endsOn", "must be after startsOn (" + startsOn + "); it is exclusive"));
        }
        this.endsOn = endsOn;
        this.updatedAt = now;
    }

    /** A plan change is a change of the subscription: its ETag moves on. */
    void touch(Instant now) {
        this.updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public String organisation() {
        return organisation;
    }

    public UUID customerAccountId() {
        return customerAccountId;
    }

    public String country() {
        return country;
    }

    public LocalDate startsOn() {
        return startsOn;
    }

    public LocalDate endsOn() {
        return endsOn;
    }

    public LocalDate trialEndsOn() {
        return trialEndsOn;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public long version() {
        return version;
    }

    /** Whether it runs on {@code day}. */
    public boolean runsOn(LocalDate day) {
        return !day.isBefore(startsOn) && (endsOn == null || day.isBefore(endsOn));
    }
}
