package com.kaphera.cloud.billing.plans;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A new plan (or a new version of one) as an operator writes it; {@link PlanPrices#check} says what is
 * wrong with it, field by field. Prices are keyed by metric id.
 */
public record PlanDraft(String code, String displayName, String deploymentModel, String currency, BigDecimal monthlyFee,
        Map<String, Price> prices) {

    /** {@code included} units free, then either one {@code unitPrice} or graduated {@code tiers}. */
    public record Price(BigDecimal included, BigDecimal unitPrice, List<Tier> tiers) {
    }

    /** Billable units up to {@code upTo} (null: no limit, the last tier) at {@code unitPrice}. */
    public record Tier(BigDecimal upTo, BigDecimal unitPrice) {
    }
}
