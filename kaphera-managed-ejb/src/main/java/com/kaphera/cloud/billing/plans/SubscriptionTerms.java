package com.kaphera.cloud.billing.plans;

import com.kaphera.cloud.billing.pricing.PlanTerms;
import java.time.LocalDate;
import java.util.List;
import java.util.NavigableMap;
import java.util.UUID;

/**
 * A subscription as the invoice run and the preview need it: who it covers, whom to bill, and its plan
 * over time ({@code plans}: plan by first day, for {@code InvoiceCalculator.segments}).
 *
 * @param organisation the organisation's slug when it is an organisation's subscription, else null
 * @param customerAccount the account's slug when it is a customer account's subscription, else null
 * @param organisations the slugs it covers: the organisation, or the account's live organisations (slug order)
 * @param billedTo the organisation's or the account's display name
 * @param endsOn exclusive; null while it runs
 * @param trialEndsOn exclusive; null without a trial
 */
public record SubscriptionTerms(UUID id, String organisation, UUID customerAccountId, String customerAccount,
        List<String> organisations, String billedTo, String country, LocalDate startsOn, LocalDate endsOn,
        LocalDate trialEndsOn, NavigableMap<LocalDate, PlanTerms> plans) {

    public SubscriptionTerms {
        organisations = List.copyOf(organisations);
        plans = java.util.Collections.unmodifiableNavigableMap(new java.util.TreeMap<>(plans));
    }

    /** The currency of its plans (a plan change keeps it). */
    public String currency() {
        return plans.firstEntry().getValue().currency();
    }

    /** Whether it runs on {@code day}. */
    public boolean runsOn(LocalDate day) {
        return !day.isBefore(startsOn) && (endsOn == null || day.isBefore(endsOn));
    }
}
