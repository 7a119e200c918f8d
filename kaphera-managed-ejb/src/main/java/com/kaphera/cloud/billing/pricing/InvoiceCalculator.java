package com.kaphera.cloud.billing.pricing;

import com.kaphera.cloud.billing.Metric;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;

/**
 * What one subscription owes for one month, line by line: pure arithmetic, no database. The invoice
 * run, the preview and the tests all go through here.
 *
 * <ul>
 *   <li>Fixed fee: per plan segment, prorated by day — fee × billed days / days in the month — where
 *       billed days are the segment's days after the trial.</li>
 *   <li>Usage: priced by the plan in force on the subscription's last day in the month; its included
 *       units are prorated by the subscription's days in the month (trial days count).</li>
 *   <li>Late usage of an earlier, already invoiced month: an adjustment line, priced as that month's
 *       plan would have priced it on top of what was billed then (so tiers and included units are
 *       honoured, never charged twice).</li>
 *   <li>Rounding per {@link Money}; tax = subtotal × rate / 100, rounded once.</li>
 * </ul>
 */
public final class InvoiceCalculator {
    private static final MathContext EXACT = MathContext.DECIMAL128;
    private static final int UNIT_PRICE_SCALE = 6;

    private InvoiceCalculator() {
    }

    /** A run of days [from, to) in the month under one plan. */
    public record Segment(LocalDate from, LocalDate to, PlanTerms terms) {
        public long days() {
            return ChronoUnit.DAYS.between(from, to);
        }
    }

    /** Usage of an earlier month reported after it was invoiced, with what that month billed and its plan. */
    public record Late(YearMonth period, Metric metric, BigDecimal alreadyBilled, BigDecimal late, PlanTerms terms,
            BigDecimal includedFraction) {
    }

    public enum LineKind {
        FEE("fee"), USAGE("usage"), ADJUSTMENT("adjustment"), CREDIT("credit");

        private final String id;

        LineKind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public record Line(LineKind kind, Metric metric, String description, BigDecimal quantity, String unit,
            BigDecimal unitPrice, BigDecimal amount, LocalDate from, LocalDate to) {
    }

    public record Result(String currency, List<Line> lines, BigDecimal subtotal, BigDecimal taxRate, BigDecimal tax,
            BigDecimal total) {
    }

    /**
     * The plan segments of a subscription in {@code period}: its days between {@code startsOn} and
     * {@code endsOn} (exclusive, null = open), split where {@code plans} (plan by first day) changes.
     * Empty when the subscription does not run in the month.
     */
    public static List<Segment> segments(YearMonth period, LocalDate startsOn, LocalDate endsOn,
            NavigableMap<LocalDate, PlanTerms> plans) {
        LocalDate from = max(period.atDay(1), startsOn);
        LocalDate to = endsOn == null ? period.plusMonths(1).atDay(1) : min(period.plusMonths(1).atDay(1), endsOn);
        List<Segment> segments = new ArrayList<>();
        LocalDate cursor = from;
        while (cursor.isBefore(to)) {
            Map.Entry<LocalDate, PlanTerms> plan = plans.floorEntry(cursor);
            if (plan == null) {
                // No plan yet on this day: skip to the first one.
                LocalDate first = plans.ceilingKey(cursor);
                if (first == null || !first.isBefore(to)) {
                    break;
                }
                cursor = first;
                continue;
            }
            LocalDate next = plans.higherKey(cursor);
            LocalDate end = next == null || next.isAfter(to) ? to : next;
            segments.add(new Segment(cursor, end, plan.getValue()));
            cursor = end;
        }
        return segments;
    }

    public static Result calculate(YearMonth period, List<Segment> segments, LocalDate trialEndsOn,
            Map<Metric, BigDecimal> usage, List<Late> late, BigDecimal taxRatePercent) {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("no plan in force in " + period);
        }
        String currency = segments.get(0).terms().currency();
        int daysInMonth = period.lengthOfMonth();
        List<Line> lines = new ArrayList<>();
        long activeDays = 0;
        for (Segment s : segments) {
            if (!s.terms().currency().equals(currency)) {
                throw new IllegalArgumentException("plans of one subscription must share a currency");
            }
            activeDays += s.days();
            LocalDate billedFrom = trialEndsOn == null ? s.from() : max(s.from(), trialEndsOn);
            long billed = billedFrom.isBefore(s.to()) ? ChronoUnit.DAYS.between(billedFrom, s.to()) : 0;
            lines.add(fee(period, s, billedFrom, billed, daysInMonth, currency));
        }
        PlanTerms last = segments.get(segments.size() - 1).terms();
        BigDecimal includedFraction = BigDecimal.valueOf(activeDays).divide(BigDecimal.valueOf(daysInMonth), EXACT);
        for (Metric metric : Metric.values()) {
            BigDecimal quantity = usage.getOrDefault(metric, BigDecimal.ZERO);
            lines.addAll(usageLines(metric, quantity, last, includedFraction, segments.get(0).from(),
                    segments.get(segments.size() - 1).to().minusDays(1), currency));
        }
        for (Late l : late) {
            lines.add(adjustment(l, currency));
        }
        return total(currency, lines, taxRatePercent);
    }

    /** Sums rounded lines and adds tax: also used for credit notes. */
    public static Result total(String currency, List<Line> lines, BigDecimal taxRatePercent) {
        BigDecimal subtotal = lines.stream().map(Line::amount).reduce(Money.zero(currency), BigDecimal::add);
        BigDecimal tax = Money.round(subtotal.multiply(taxRatePercent).divide(BigDecimal.valueOf(100), EXACT), currency);
        return new Result(currency, List.copyOf(lines), subtotal, taxRatePercent, tax, subtotal.add(tax));
    }

    private static Line fee(YearMonth period, Segment s, LocalDate billedFrom, long billed, int daysInMonth, String currency) {
        BigDecimal fee = s.terms().monthlyFee();
        String month = month(period);
        if (billed == daysInMonth) {
            return new Line(LineKind.FEE, null, "Plan " + s.terms().name() + ", " + month, BigDecimal.ONE, "month",
                    fee.setScale(UNIT_PRICE_SCALE, RoundingMode.UNNECESSARY), Money.round(fee, currency), s.from(), s.to().minusDays(1));
        }
        BigDecimal amount = Money.round(fee.multiply(BigDecimal.valueOf(billed)).divide(BigDecimal.valueOf(daysInMonth), EXACT),
                currency);
        String trial = billedFrom.isAfter(s.from()) ? "; trial until " + billedFrom.minusDays(1) : "";
        return new Line(LineKind.FEE, null, "Plan " + s.terms().name() + ", " + s.from() + " to " + s.to().minusDays(1)
                + " (" + billed + " of " + daysInMonth + " days" + trial + ")", BigDecimal.valueOf(billed), "day",
                fee.divide(BigDecimal.valueOf(daysInMonth), UNIT_PRICE_SCALE, Money.ROUNDING), amount, s.from(), s.to().minusDays(1));
    }

    private static List<Line> usageLines(Metric metric, BigDecimal quantity, PlanTerms terms, BigDecimal includedFraction,
            LocalDate from, LocalDate to, String currency) {
        if (quantity.signum() == 0) {
            return List.of();
        }
        String q = plain(quantity) + " " + metric.unit();
        MetricPrice price = terms.price(metric).orElse(null);
        if (price == null) {
            return List.of(new Line(LineKind.USAGE, metric, metric.label() + ": " + q + ", not charged on plan " + terms.name(),
                    quantity, metric.unit(), BigDecimal.ZERO.setScale(UNIT_PRICE_SCALE), Money.zero(currency), from, to));
        }
        BigDecimal included = included(price, includedFraction);
        List<MetricPrice.Charge> charges = price.charges(quantity, included);
        if (charges.isEmpty()) {
            return List.of(new Line(LineKind.USAGE, metric, metric.label() + ": " + q + ", within the " + plain(included)
                    + " included", quantity, metric.unit(), BigDecimal.ZERO.setScale(UNIT_PRICE_SCALE), Money.zero(currency), from, to));
        }
        List<Line> lines = new ArrayList<>();
        String beyond = included.signum() > 0 ? ", beyond the " + plain(included) + " included" : "";
        for (MetricPrice.Charge c : charges) {
            String tier = price.tiers().size() > 1 ? " in the tier above " + plain(c.from()) + " up to " + plain(c.to()) : "";
            lines.add(new Line(LineKind.USAGE, metric, metric.label() + ": " + plain(c.quantity()) + " " + metric.unit() + tier + beyond,
                    c.quantity(), metric.unit(), c.unitPrice().setScale(UNIT_PRICE_SCALE, Money.ROUNDING),
                    Money.round(c.amount(), currency), from, to));
        }
        return lines;
    }

    private static Line adjustment(Late l, String currency) {
        MetricPrice price = l.terms().price(l.metric()).orElse(null);
        BigDecimal amount = BigDecimal.ZERO;
        if (price != null) {
            BigDecimal included = included(price, l.includedFraction());
            amount = price.amount(l.alreadyBilled().add(l.late()), included).subtract(price.amount(l.alreadyBilled(), included));
        }
        BigDecimal rounded = Money.round(amount, currency);
        BigDecimal unitPrice = l.late().signum() == 0 ? BigDecimal.ZERO.setScale(UNIT_PRICE_SCALE)
                : amount.divide(l.late(), UNIT_PRICE_SCALE, Money.ROUNDING);
        return new Line(LineKind.ADJUSTMENT, l.metric(), "Late usage for " + month(l.period()) + ": " + plain(l.late()) + " "
                + l.metric().unit() + " " + l.metric().label().toLowerCase(Locale.ROOT) + " reported after it was invoiced"
                + (price == null ? ", not charged on plan " + l.terms().name() : ""),
                l.late(), l.metric().unit(), unitPrice, rounded, l.period().atDay(1), l.period().atEndOfMonth());
    }

    /** Included units for a part of a month: prorated, to 6 decimals, rounded down (never less than billed). */
    static BigDecimal included(MetricPrice price, BigDecimal fraction) {
        BigDecimal full = price.included();
        return fraction.compareTo(BigDecimal.ONE) >= 0 ? full : full.multiply(fraction).setScale(6, RoundingMode.DOWN);
    }

    private static String month(YearMonth period) {
        return period.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + period.getYear();
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
