package com.kaphera.cloud.billing.api.preview;

import com.kaphera.cloud.billing.preview.CostPreview.Preview;
import com.kaphera.cloud.billing.pricing.InvoiceCalculator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The current month's cost, so far and projected to its end, line by line as the invoice will show it.
 * When a customer account pays, the figures are the account's (all of {@code organisations}).
 */
public record CostPreviewView(String organisation, UUID subscription, String customerAccount, List<String> organisations,
        String period, Instant asOf, String currency, String country, long hoursElapsed, long hoursInMonth,
        Estimate soFar, Estimate projected) {

    /** An invoice as it would be: lines, subtotal, tax at the country's rate, total. */
    public record Estimate(List<Line> lines, BigDecimal subtotal, BigDecimal taxRate, BigDecimal tax, BigDecimal total) {
        static Estimate of(InvoiceCalculator.Result r) {
            return new Estimate(r.lines().stream().map(Line::of).toList(), r.subtotal(), r.taxRate(), r.tax(), r.total());
        }
    }

    /** One line: {@code kind} fee or usage; {@code description} in plain language. */
    public record Line(String kind, String metric, String description, BigDecimal quantity, String unit, BigDecimal unitPrice,
            BigDecimal amount, LocalDate from, LocalDate to) {
        static Line of(InvoiceCalculator.Line l) {
            return new Line(l.kind().id(), l.metric() == null ? null : l.metric().id(), l.description(),
                    l.quantity().stripTrailingZeros().scale() < 0 ? l.quantity().setScale(0) : l.quantity().stripTrailingZeros(),
                    l.unit(), l.unitPrice(), l.amount(), l.from(), l.to());
        }
    }

    static CostPreviewView of(Preview p) {
        return new CostPreviewView(p.organisation(), p.subscription().id(), p.subscription().customerAccount(),
                p.subscription().organisations(), p.period().toString(), p.asOf(), p.soFar().currency(), p.subscription().country(),
                p.hoursElapsed(), p.hoursInMonth(), Estimate.of(p.soFar()), Estimate.of(p.projected()));
    }
}
