package com.kaphera.cloud.billing.invoices;

import com.kaphera.cloud.billing.Metric;
import com.kaphera.cloud.billing.TaxRates;
import com.kaphera.cloud.billing.pricing.InvoiceCalculator;
import com.kaphera.cloud.billing.pricing.PlanTerms;
import com.kaphera.cloud.billing.plans.SubscriptionTerms;
import com.kaphera.cloud.billing.plans.Subscriptions;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
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
        Usage usage = usage(allOrgs, period);
        List<Billable> billable = new ArrayList<>();
        for (SubscriptionTerms s : subs) {
            NavigableMap<LocalDate, PlanTerms> history = s.plans();
            List<InvoiceCalculator.Segment> segments = InvoiceCalculator.segments(period, s.startsOn(), s.endsOn(), history);
            if (segments.isEmpty()) {
                unbillable.add(new Unbillable(s.id(), "no plan is in force in " + period));
                continue;
            }
            Map<Metric, BigDecimal> own = new HashMap<>();
            Map<String, BigDecimal[]> lateByMonthMetric = new TreeMap<>();
            for (String org : s.organisations()) {
                usage.own.getOrDefault(org, Map.of()).forEach((m, q) -> own.merge(m, q, BigDecimal::add));
                usage.late.getOrDefault(org, Map.of()).forEach((key, q) -> {
                    BigDecimal[] acc = lateByMonthMetric.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                    acc[0] = acc[0].add(q[0]);
                    acc[1] = acc[1].add(q[1]);
                });
            }
            List<InvoiceCalculator.Late> late = new ArrayList<>();
            boolean lost = false;
            for (Map.Entry<String, BigDecimal[]> e : lateByMonthMetric.entrySet()) {
                YearMonth month = YearMonth.parse(e.getKey().substring(0, 7));
                Metric metric = Metric.of(e.getKey().substring(8)).orElseThrow();
                List<InvoiceCalculator.Segment> then = InvoiceCalculator.segments(month, s.startsOn(), s.endsOn(), history);
                if (then.isEmpty()) {
                    // Usage of a month this subscription did not cover: billed at the current plan's price, said so.
                    then = List.of(new InvoiceCalculator.Segment(month.atDay(1), month.plusMonths(1).atDay(1),
                            segments.get(segments.size() - 1).terms()));
                    lost = true;
                }
                long days = then.stream().mapToLong(InvoiceCalculator.Segment::days).sum();
                late.add(new InvoiceCalculator.Late(month, metric, e.getValue()[1], e.getValue()[0], then.get(then.size() - 1).terms(),
                        BigDecimal.valueOf(days).divide(BigDecimal.valueOf(month.lengthOfMonth()), java.math.MathContext.DECIMAL128)));
            }
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

    private record Usage(Map<String, Map<Metric, BigDecimal>> own, Map<String, Map<String, BigDecimal[]>> late) {
    }

    /**
     * For {@code orgs} and billing period {@code period}: each organisation's own usage of the month,
     * and its late usage by "yyyy-MM:metric" as {late quantity, quantity that month already billed}.
     */
    private Usage usage(List<String> orgs, YearMonth period) {
        Map<String, Map<Metric, BigDecimal>> own = new HashMap<>();
        Map<String, Map<String, BigDecimal[]>> late = new HashMap<>();
        if (orgs.isEmpty()) {
            return new Usage(own, late);
        }
        String[] slugs = orgs.toArray(String[]::new);
        Date p = Date.valueOf(period.atDay(1));
        List<Object[]> lateRows = new ArrayList<>();
        for (Object o : em.createNativeQuery("select organisation, metric, cast(date_trunc('month', hour at time zone 'UTC') as date), "
                + "sum(quantity) from usage_hourly where organisation in (:orgs) and billing_period = :p group by 1, 2, 3")
                .setParameter("orgs", List.of(slugs)).setParameter("p", p).getResultList()) {
            Object[] r = (Object[]) o;
            Metric metric = Metric.of((String) r[1]).orElse(null);
            if (metric == null) {
                continue;
            }
            if (date(r[2]).equals(period.atDay(1))) {
                own.computeIfAbsent((String) r[0], k -> new HashMap<>()).merge(metric, (BigDecimal) r[3], BigDecimal::add);
            } else {
                lateRows.add(r);
                late.computeIfAbsent((String) r[0], k -> new TreeMap<>()).put(date(r[2]).toString().substring(0, 7) + ":" + metric.id(),
                        new BigDecimal[] {(BigDecimal) r[3], BigDecimal.ZERO});
            }
        }
        if (!lateRows.isEmpty()) {
            // What those months billed before: their own hours, billed in periods before this one.
            for (Object o : em.createNativeQuery("select organisation, metric, cast(date_trunc('month', hour at time zone 'UTC') "
                    + "as date), sum(quantity) from usage_hourly where organisation in (:orgs) and billing_period < :p "
                    + "and hour >= :from and hour < :to group by 1, 2, 3")
                    .setParameter("orgs", lateRows.stream().map(r -> (String) r[0]).distinct().toList())
                    .setParameter("p", p)
                    .setParameter("from", java.sql.Timestamp.from(lateRows.stream().map(r -> date(r[2])).min(LocalDate::compareTo)
                            .orElseThrow().atStartOfDay(java.time.ZoneOffset.UTC).toInstant()))
                    .setParameter("to", java.sql.Timestamp.from(period.atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()))
                    .getResultList()) {
                Object[] r = (Object[]) o;
                BigDecimal[] acc = late.getOrDefault((String) r[0], Map.of()).get(date(r[2]).toString().substring(0, 7) + ":" + r[1]);
                if (acc != null) {
                    acc[1] = acc[1].add((BigDecimal) r[3]);
                }
            }
        }
        return new Usage(own, late);
    }

    private static LocalDate date(Object o) {
        if (o == null) {
            return null;
        }
        return o instanceof LocalDate d ? d : ((java.sql.Date) o).toLocalDate();
    }
}
