package com.kaphera.cloud.billing.preview;

import com.kaphera.cloud.billing.Metric;
import com.kaphera.cloud.billing.TaxRates;
import com.kaphera.cloud.billing.metering.UsageTotals;
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
    /** Reads an account's organisations' usage for the caller, who was checked for the organisation asked about. */
    private static final Caller PREVIEW = Caller.system("billing-preview");

    @EJB
    Subscriptions subscriptions;

    @EJB
    UsageTotals usageTotals;

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
        long hoursInMonth = period.lengthOfMonth() * 24L;
        long hoursElapsed = Math.max(1, ChronoUnit.HOURS.between(monthStart, now) + 1);
        // The month's own hours (late usage of earlier months is an adjustment on the next invoice, not here);
        // an account's organisations added up, read as the run reads them.
        Map<Metric, BigDecimal> usage = UsageTotals.sum(usageTotals.byOrganisation(PREVIEW, s.organisations(), period).values())
                .totals();
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
}
