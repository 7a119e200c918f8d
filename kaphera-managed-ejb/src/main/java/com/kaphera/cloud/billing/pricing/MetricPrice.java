package com.kaphera.cloud.billing.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * How a plan prices one metric: {@code included} units free each month, then graduated tiers over the
 * billable quantity (total − included): each unit is priced by the tier it falls in. A plain unit
 * price is one tier without limit.
 */
public record MetricPrice(BigDecimal included, List<Tier> tiers) {
    public MetricPrice {
        included = included == null ? BigDecimal.ZERO : included;
        tiers = List.copyOf(tiers);
    }

    public static MetricPrice perUnit(BigDecimal included, BigDecimal unitPrice) {
        return new MetricPrice(included, List.of(new Tier(null, unitPrice)));
    }

    /** One charge per tier used: the units in it, their price, and their exact (unrounded) amount. */
    public record Charge(BigDecimal quantity, BigDecimal unitPrice, BigDecimal from, BigDecimal to) {
        public BigDecimal amount() {
            return quantity.multiply(unitPrice);
        }
    }

    /**
     * The charges for {@code quantity} units of which {@code included} (already prorated) are free;
     * empty when nothing is billable.
     */
    public List<Charge> charges(BigDecimal quantity, BigDecimal included) {
        BigDecimal billable = quantity.subtract(included);
        List<Charge> charges = new ArrayList<>();
        if (billable.signum() <= 0) {
            return charges;
        }
        BigDecimal lower = BigDecimal.ZERO;
        for (Tier tier : tiers) {
            BigDecimal upper = tier.upTo() == null ? billable : tier.upTo().min(billable);
            if (upper.compareTo(lower) > 0) {
                charges.add(new Charge(upper.subtract(lower), tier.unitPrice(), lower, upper));
                lower = upper;
            }
            if (tier.upTo() == null || lower.compareTo(billable) >= 0) {
                break;
            }
        }
        return charges;
    }

    /** The exact amount for {@code quantity} with {@code included} free. */
    public BigDecimal amount(BigDecimal quantity, BigDecimal included) {
        return charges(quantity, included).stream().map(Charge::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
