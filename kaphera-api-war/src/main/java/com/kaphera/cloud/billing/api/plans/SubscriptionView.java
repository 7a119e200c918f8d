package com.kaphera.cloud.billing.api.plans;

import com.kaphera.cloud.billing.plans.SubscriptionService.PlanChange;
import com.kaphera.cloud.billing.plans.SubscriptionService.PlanPeriod;
import com.kaphera.cloud.billing.plans.SubscriptionService.SubscriptionDetails;
import jakarta.json.bind.annotation.JsonbProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A subscription with its plan history (each entry holds from validFrom until the next one). */
public record SubscriptionView(UUID id, String organisation, String customerAccount, String country, LocalDate startsOn,
        LocalDate endsOn, LocalDate trialEndsOn, List<PlanPeriodView> plans, Instant createdAt) {

    public record PlanPeriodView(LocalDate validFrom, String plan, int planVersion, String displayName, String currency,
            BigDecimal monthlyFee) {
    }

    /** What a plan change did. */
    public record PlanChangeView(@jakarta.json.bind.annotation.JsonbProperty("change") String change, LocalDate effectiveFrom,
            SubscriptionView subscription) {
        static PlanChangeView of(PlanChange c) {
            return new PlanChangeView(c.change(), c.effectiveFrom(), SubscriptionView.of(c.subscription()));
        }
    }

    /** One page; {@code continue} is absent on the last page. */
    public record Page(List<SubscriptionView> items, @JsonbProperty("continue") String next) {
    }

    static SubscriptionView of(SubscriptionDetails d) {
        var s = d.subscription();
        return new SubscriptionView(s.id(), s.organisation(), d.customerAccount(), s.country(), s.startsOn(), s.endsOn(),
                s.trialEndsOn(), d.plans().stream().map(SubscriptionView::period).toList(), s.createdAt());
    }

    private static PlanPeriodView period(PlanPeriod p) {
        return new PlanPeriodView(p.validFrom(), p.plan().code(), p.plan().planVersion(), p.plan().displayName(),
                p.plan().currency(), p.plan().monthlyFee());
    }
}
