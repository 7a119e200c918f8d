package com.kaphera.cloud.billing.preview;

import com.kaphera.cloud.billing.Metric;
import com.kaphera.cloud.billing.TaxRates;
import com.kaphera.cloud.billing.plans.SubscriptionTerms;
import com.kaphera.cloud.billing.plans.Subscriptions;
import com.kaphera.cloud.billing.pricing.InvoiceCalculator;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the current month costs an organisation so far, and at its end if usage goes on at the same
 * pace: the invoice its subscription (its own, or its customer account's) would get, priced by
 * {@link InvoiceCalculator} exactly as the run prices it.
 */
@Stateless
public class CostPreview {
    @EJB
    Subscriptions subscriptions;

    @Inject
    TaxRates taxRates;

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    /**
     * @param soFar the month as if it ended today: fee for the days up to today, usage as measured
     * @param projected the whole month: fee for all its days, usage × hoursInMonth / hoursElapsed
     * @param hoursElapsed hours of the month begun so far (the current hour counts: its bucket is filling)
     */
    public record Preview(String organisation, SubscriptionTerms subscription, YearMonth period, Instant asOf,
            long hoursElapsed, long hoursInMonth, Map<Metric, BigDecimal> usageSoFar, Map<Metric, BigDecimal> usageProjected,
            InvoiceCalculator.Result soFar, InvoiceCalculator.Result projected) {
    }

    public Preview of(Caller caller, String organisation) {
        Permission.BILLING_PREVIEW.require(caller, organisation);
        if (em.createNativeQuery("select 1 from organisation where slug = ?1 and deleted_at is null")
                .setParameter(1, organisation).getResultList().isEmpty()) {
            throw new NotFoundException("organisation", organisation);
        }
        return compute(organisation, Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS));
    }

    private Preview compute(String organisation, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        YearMonth period = YearMonth.from(today);
        SubscriptionTerms s = subscriptions.covering(organisation, today)
                .orElseThrow(() -> new NotFoundException("subscription", "covering organisation " + organisation));
        Instant monthStart = period.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant monthEnd = period.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        long hoursInMonth = period.lengthOfMonth() * 24L;
        long hoursElapsed = Math.max(1, ChronoUnit.HOURS.between(monthStart, now) + 1);
        Map<Metric, BigDecimal> usage = usage(s.organisations(), period, monthStart, monthEnd);
        Map<Metric, BigDecimal> projectedUsage = project(usage, hoursInMonth, hoursElapsed);
        BigDecimal rate = taxRates.rateFor(s.country());
        LocalDate tomorrow = today.plusDays(1);
        LocalDate soFarEnd = s.endsOn() == null || s.endsOn().isAfter(tomorrow) ? tomorrow : s.endsOn();
        InvoiceCalculator.Result soFar = InvoiceCalculator.calculate(period,
                InvoiceCalculator.segments(period, s.startsOn(), soFarEnd, s.plans()), s.trialEndsOn(), usage, List.of(), rate);
        InvoiceCalculator.Result projected = InvoiceCalculator.calculate(period,
                InvoiceCalculator.segments(period, s.startsOn(), s.endsOn(), s.plans()), s.trialEndsOn(), projectedUsage,
                List.of(), rate);
        return new Preview(organisation, s, period, now, hoursElapsed, hoursInMonth, usage, projectedUsage, soFar, projected);
    }

    /** Usage so far at the same pace to the month's end, to 6 decimals (the quantities' scale). */
    static Map<Metric, BigDecimal> project(Map<Metric, BigDecimal> usage, long hoursInMonth, long hoursElapsed) {
        Map<Metric, BigDecimal> projected = new EnumMap<>(Metric.class);
        usage.forEach((m, q) -> projected.put(m, q.multiply(BigDecimal.valueOf(hoursInMonth))
                .divide(BigDecimal.valueOf(hoursElapsed), 6, RoundingMode.HALF_EVEN)));
        return projected;
    }

    /**
     * The month's own hours in usage_hourly for {@code organisations}: late events of earlier months
     * (billed as adjustments by the run) are not part of the preview.
     */
    private Map<Metric, BigDecimal> usage(List<String> organisations, YearMonth period, Instant from, Instant to) {
        Map<Metric, BigDecimal> usage = new EnumMap<>(Metric.class);
        if (organisations.isEmpty()) {
            return usage;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select metric, sum(quantity) from usage_hourly where organisation in (?1) "
                        + "and billing_period = ?2 and hour >= ?3 and hour < ?4 group by metric")
                .setParameter(1, organisations)
                .setParameter(2, period.atDay(1))
                .setParameter(3, OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .setParameter(4, OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
                .getResultList();
        for (Object[] r : rows) {
            Metric.of(r[0].toString()).ifPresent(m -> usage.put(m, new BigDecimal(r[1].toString())));
        }
        return usage;
    }
}
