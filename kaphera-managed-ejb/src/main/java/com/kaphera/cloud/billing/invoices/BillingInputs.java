package com.kaphera.cloud.billing.invoices;

import com.kaphera.cloud.billing.Metric;
import com.kaphera.cloud.billing.TaxRates;
import com.kaphera.cloud.billing.pricing.InvoiceCalculator;
import com.kaphera.cloud.billing.pricing.PlanTerms;
import com.kaphera.cloud.billing.metering.UsageTotals;
import com.kaphera.cloud.billing.plans.SubscriptionTerms;
import com.kaphera.cloud.billing.plans.Subscriptions;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;

/**
 * Everything the invoice of a subscription for a month is computed from, read in a handful of queries
 * for a whole chunk of subscriptions (the run bills ten thousand in a minute): the billed party, the
 * plan history, the organisations it covers, their usage billed in the month and the late usage of
 * earlier months with what those months billed.
 */
@Stateless
public class BillingInputs {
    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @Inject
    TaxRates taxRates;

    @jakarta.ejb.EJB
    Subscriptions subscriptions;

    @jakarta.ejb.EJB
    UsageTotals usageTotals;

    /** One subscription's invoice, computed (not yet stored). */
    public record Billable(Invoice.BilledParty party, InvoiceCalculator.Result result) {
    }

    /** A subscription that cannot be billed, and why (it is parked). */
    public record Unbillable(UUID subscriptionId, String reason) {
    }

    public record Computed(List<Billable> billable, List<Unbillable> unbillable) {
    }

    public Computed compute(Collection<UUID> subscriptionIds, YearMonth period) {
        if (subscriptionIds.isEmpty()) {
            return new Computed(List.of(), List.of());
        }
        List<SubscriptionTerms> subs = subscriptions.byIds(subscriptionIds);
        List<Unbillable> unbillable = new ArrayList<>();
        java.util.Set<UUID> found = new java.util.HashSet<>();
        subs.forEach(s -> found.add(s.id()));
        subscriptionIds.stream().filter(id -> !found.contains(id))
                .forEach(id -> unbillable.add(new Unbillable(id, "the subscription has no plan")));
        List<String> allOrgs = new ArrayList<>();
        subs.forEach(s -> allOrgs.addAll(s.organisations()));
        Map<String, UsageTotals.PeriodUsage> usage = usageTotals.byOrganisation(BillingWork.RUN, allOrgs, period);
        List<Billable> billable = new ArrayList<>();
        for (SubscriptionTerms s : subs) {
            NavigableMap<LocalDate, PlanTerms> history = s.plans();
            List<InvoiceCalculator.Segment> segments = InvoiceCalculator.segments(period, s.startsOn(), s.endsOn(), history);
            if (segments.isEmpty()) {
                unbillable.add(new Unbillable(s.id(), "no plan is in force in " + period));
                continue;
            }
            // An account's organisations on one invoice: their usage added up.
            UsageTotals.PeriodUsage used = UsageTotals.sum(s.organisations().stream()
                    .map(o -> usage.getOrDefault(o, UsageTotals.PeriodUsage.NONE)).toList());
            List<InvoiceCalculator.Late> late = new ArrayList<>();
            boolean lost = false;
            for (UsageTotals.LateUsage l : used.late()) {
                List<InvoiceCalculator.Segment> then = InvoiceCalculator.segments(l.month(), s.startsOn(), s.endsOn(), history);
                if (then.isEmpty()) {
                    // Usage of a month this subscription did not cover: priced at the current plan, said so.
                    then = List.of(new InvoiceCalculator.Segment(l.month().atDay(1), l.month().plusMonths(1).atDay(1),
                            segments.get(segments.size() - 1).terms()));
                    lost = true;
                }
                long days = then.stream().mapToLong(InvoiceCalculator.Segment::days).sum();
                late.add(new InvoiceCalculator.Late(l.month(), l.metric(), l.alreadyBilled(), l.lateQuantity(),
                        then.get(then.size() - 1).terms(), BigDecimal.valueOf(days).divide(BigDecimal.valueOf(l.month().lengthOfMonth()),
                                java.math.MathContext.DECIMAL128)));
            }
            Map<Metric, BigDecimal> own = used.totals();
            try {
                InvoiceCalculator.Result result = InvoiceCalculator.calculate(period, segments, s.trialEndsOn(), own, late,
                        taxRates.rateFor(s.country()));
                billable.add(new Billable(new Invoice.BilledParty(s.id(), s.organisation(), s.customerAccountId(), s.billedTo(),
                        s.country()), result));
            } catch (IllegalArgumentException e) {
                unbillable.add(new Unbillable(s.id(), e.getMessage() + (lost ? " (late usage outside the subscription)" : "")));
            }
        }
        return new Computed(billable, unbillable);
    }
}
