package com.kaphera.cloud.billing.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.billing.Metric;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class InvoiceCalculatorTest {
    private static final YearMonth NOV = YearMonth.of(2026, 11);
    private static final YearMonth FEB = YearMonth.of(2027, 2);
    private static final YearMonth FEB_LEAP = YearMonth.of(2028, 2);

    private static PlanTerms plan(String name, String fee, Map<Metric, MetricPrice> prices) {
        return new PlanTerms(name, "EUR", new BigDecimal(fee), prices);
    }

    private static final PlanTerms SME = plan("sme", "300.00", Map.of(
            Metric.DATA_TRANSFERRED_GB, new MetricPrice(new BigDecimal("100"), List.of(
                    new Tier(new BigDecimal("1000"), new BigDecimal("0.10")),
                    new Tier(new BigDecimal("10000"), new BigDecimal("0.05")),
                    new Tier(null, new BigDecimal("0.02")))),
            Metric.CONNECTOR_HOURS, MetricPrice.perUnit(new BigDecimal("720"), new BigDecimal("0.05"))));
    private static final PlanTerms PRO = plan("pro", "900.00", Map.of());

    private static TreeMap<LocalDate, PlanTerms> from(Object... dateAndPlan) {
        TreeMap<LocalDate, PlanTerms> m = new TreeMap<>();
        for (int i = 0; i < dateAndPlan.length; i += 2) {
            m.put(LocalDate.parse((String) dateAndPlan[i]), (PlanTerms) dateAndPlan[i + 1]);
        }
        return m;
    }

    private static InvoiceCalculator.Result bill(YearMonth period, String starts, String ends, TreeMap<LocalDate, PlanTerms> plans,
            Map<Metric, BigDecimal> usage) {
        return InvoiceCalculator.calculate(period, InvoiceCalculator.segments(period, LocalDate.parse(starts),
                ends == null ? null : LocalDate.parse(ends), plans), null, usage, List.of(), new BigDecimal("19"));
    }

    private static BigDecimal fee(InvoiceCalculator.Result r) {
        return r.lines().stream().filter(l -> l.kind() == InvoiceCalculator.LineKind.FEE).map(InvoiceCalculator.Line::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void aFullMonthIsTheFeeAndTaxIsAddedOnce() {
        InvoiceCalculator.Result r = bill(NOV, "2026-01-01", null, from("2026-01-01", SME), Map.of());
        assertEquals(new BigDecimal("300.00"), r.subtotal());
        assertEquals(new BigDecimal("57.00"), r.tax());
        assertEquals(new BigDecimal("357.00"), r.total());
        assertEquals(1, r.lines().size());
    }

    @Test
    void startingMidMonthIsProratedByDayFromTheFirstDay() {
        // 16 to 30 November: 15 of 30 days.
        InvoiceCalculator.Result r = bill(NOV, "2026-11-16", null, from("2026-11-16", SME), Map.of());
        assertEquals(new BigDecimal("150.00"), fee(r));
        assertTrue(r.lines().get(0).description().contains("15 of 30 days"), r.lines().get(0).description());
    }

    @Test
    void endingMidMonthIsProratedToTheLastDayBeforeTheEnd() {
        // Ends on 11 November (exclusive): 1 to 10 November, 10 of 30 days.
        InvoiceCalculator.Result r = bill(NOV, "2026-01-01", "2026-11-11", from("2026-01-01", SME), Map.of());
        assertEquals(new BigDecimal("100.00"), fee(r));
    }

    @Test
    void februaryHas28Or29DaysSoADayCostsMore() {
        assertEquals(new BigDecimal("150.00"), fee(bill(FEB, "2027-02-15", null, from("2027-01-01", SME), Map.of())));
        // 15 to 29 February 2028: 15 of 29 days = 155.172… → 155.17
        assertEquals(new BigDecimal("155.17"), fee(bill(FEB_LEAP, "2028-02-15", null, from("2028-01-01", SME), Map.of())));
        // A subscription of one day in February 2027: 300/28 = 10.714… → 10.71
        assertEquals(new BigDecimal("10.71"), fee(bill(FEB, "2027-02-28", null, from("2027-01-01", SME), Map.of())));
    }

    @Test
    void anUpgradeMidMonthSplitsTheFeeByDayAndTheNewPlanPricesTheUsage() {
        // SME 1-20 November (20 days = 200.00), PRO 21-30 (10 days = 300.00).
        InvoiceCalculator.Result r = bill(NOV, "2026-01-01", null, from("2026-01-01", SME, "2026-11-21", PRO),
                Map.of(Metric.DATA_TRANSFERRED_GB, new BigDecimal("5000")));
        assertEquals(new BigDecimal("500.00"), fee(r));
        InvoiceCalculator.Line usage = r.lines().stream().filter(l -> l.kind() == InvoiceCalculator.LineKind.USAGE).findFirst().orElseThrow();
        assertEquals(new BigDecimal("0.00"), usage.amount(), "PRO does not charge data: " + usage);
        assertTrue(usage.description().contains("not charged on plan pro"), usage.description());
    }

    @Test
    void tiersAreGraduatedOverTheQuantityBeyondTheIncludedUnits() {
        // 12,100 GB: 100 included; 1,000 at 0.10 = 100; 9,000 at 0.05 = 450; 2,000 at 0.02 = 40.
        InvoiceCalculator.Result r = bill(NOV, "2026-01-01", null, from("2026-01-01", SME),
                Map.of(Metric.DATA_TRANSFERRED_GB, new BigDecimal("12100")));
        List<InvoiceCalculator.Line> data = r.lines().stream().filter(l -> l.metric() == Metric.DATA_TRANSFERRED_GB).toList();
        assertEquals(3, data.size(), data.toString());
        assertEquals(List.of(new BigDecimal("100.00"), new BigDecimal("450.00"), new BigDecimal("40.00")),
                data.stream().map(InvoiceCalculator.Line::amount).toList());
        assertEquals(new BigDecimal("890.00"), r.subtotal());
    }

    @Test
    void exactlyAtATierBoundaryNothingSpillsIntoTheNextTier() {
        InvoiceCalculator.Result r = bill(NOV, "2026-01-01", null, from("2026-01-01", SME),
                Map.of(Metric.DATA_TRANSFERRED_GB, new BigDecimal("1100")));
        List<InvoiceCalculator.Line> data = r.lines().stream().filter(l -> l.metric() == Metric.DATA_TRANSFERRED_GB).toList();
        assertEquals(1, data.size(), data.toString());
        assertEquals(new BigDecimal("100.00"), data.get(0).amount());
        InvoiceCalculator.Result one = bill(NOV, "2026-01-01", null, from("2026-01-01", SME),
                Map.of(Metric.DATA_TRANSFERRED_GB, new BigDecimal("1101")));
        assertEquals(new BigDecimal("0.05"), one.lines().stream().filter(l -> l.metric() == Metric.DATA_TRANSFERRED_GB)
                .toList().get(1).amount());
    }

    @Test
    void usageWithinTheIncludedUnitsIsShownAtZero() {
        InvoiceCalculator.Result r = bill(NOV, "2026-01-01", null, from("2026-01-01", SME),
                Map.of(Metric.CONNECTOR_HOURS, new BigDecimal("700")));
        InvoiceCalculator.Line hours = r.lines().get(1);
        assertEquals(new BigDecimal("0.00"), hours.amount());
        assertTrue(hours.description().contains("within the 720 included"), hours.description());
    }

    @Test
    void includedUnitsAreProratedForAPartMonth() {
        // 15 of 30 days: 360 hours included; 400 used → 40 × 0.05 = 2.00.
        InvoiceCalculator.Result r = bill(NOV, "2026-11-16", null, from("2026-11-16", SME),
                Map.of(Metric.CONNECTOR_HOURS, new BigDecimal("400")));
        assertEquals(new BigDecimal("2.00"), r.lines().get(1).amount());
    }

    @Test
    void eachLineIsRoundedHalfEvenOnceAndTheTotalsAddUp() {
        PlanTerms odd = plan("odd", "10.00", Map.of(Metric.CONTRACT_NEGOTIATIONS, MetricPrice.perUnit(BigDecimal.ZERO,
                new BigDecimal("0.125"))));
        // 1 × 0.125 = 0.125 → 0.12 (half-even); 3 × 0.125 = 0.375 → 0.38.
        assertEquals(new BigDecimal("0.12"), bill(NOV, "2026-01-01", null, from("2026-01-01", odd),
                Map.of(Metric.CONTRACT_NEGOTIATIONS, BigDecimal.ONE)).lines().get(1).amount());
        InvoiceCalculator.Result r = bill(NOV, "2026-01-01", null, from("2026-01-01", odd),
                Map.of(Metric.CONTRACT_NEGOTIATIONS, new BigDecimal("3")));
        assertEquals(new BigDecimal("0.38"), r.lines().get(1).amount());
        assertEquals(new BigDecimal("10.38"), r.subtotal());
        assertEquals(new BigDecimal("1.97"), r.tax()); // 1.9722 → 1.97
        assertEquals(r.subtotal().add(r.tax()), r.total());
        assertEquals(2, r.total().scale());
    }

    @Test
    void yenHasNoMinorUnit() {
        PlanTerms yen = new PlanTerms("jp", "JPY", new BigDecimal("30000"), Map.of());
        InvoiceCalculator.Result r = bill(NOV, "2026-11-02", null, from("2026-01-01", yen), Map.of());
        assertEquals(new BigDecimal("29000"), r.subtotal());
        assertEquals(0, r.total().scale());
    }

    @Test
    void theTrialIsNotCharged() {
        List<InvoiceCalculator.Segment> segments = InvoiceCalculator.segments(NOV, LocalDate.parse("2026-11-01"), null,
                from("2026-11-01", SME));
        InvoiceCalculator.Result r = InvoiceCalculator.calculate(NOV, segments, LocalDate.parse("2026-11-11"), Map.of(), List.of(),
                BigDecimal.ZERO);
        assertEquals(new BigDecimal("200.00"), r.subtotal());
        assertTrue(r.lines().get(0).description().contains("trial until 2026-11-10"), r.lines().get(0).description());
    }

    @Test
    void lateUsageIsAnAdjustmentPricedOnTopOfWhatItsMonthBilled() {
        // October billed 1,050 GB (950 at 0.10 beyond 100 included); 100 more arrive late: 50 at 0.10 + 50 at 0.05.
        InvoiceCalculator.Late late = new InvoiceCalculator.Late(YearMonth.of(2026, 10), Metric.DATA_TRANSFERRED_GB,
                new BigDecimal("1050"), new BigDecimal("100"), SME, BigDecimal.ONE);
        InvoiceCalculator.Result r = InvoiceCalculator.calculate(NOV, InvoiceCalculator.segments(NOV, LocalDate.parse("2026-01-01"),
                null, from("2026-01-01", SME)), null, Map.of(), List.of(late), BigDecimal.ZERO);
        InvoiceCalculator.Line adj = r.lines().get(1);
        assertEquals(InvoiceCalculator.LineKind.ADJUSTMENT, adj.kind());
        assertEquals(new BigDecimal("7.50"), adj.amount());
        assertTrue(adj.description().contains("October 2026"), adj.description());
    }

    @Test
    void aSubscriptionNotRunningInTheMonthHasNoSegments() {
        assertTrue(InvoiceCalculator.segments(NOV, LocalDate.parse("2026-12-01"), null, from("2026-12-01", SME)).isEmpty());
        assertTrue(InvoiceCalculator.segments(NOV, LocalDate.parse("2026-01-01"), LocalDate.parse("2026-11-01"),
                from("2026-01-01", SME)).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> InvoiceCalculator.calculate(NOV, List.of(), null, Map.of(), List.of(),
                BigDecimal.ZERO));
    }
}
