package com.kaphera.cloud.billing.api.plans;

import com.kaphera.cloud.billing.plans.PlanDraft;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST /api/v1/billing/plans: version 1 of a new code, or the next version of an existing one. */
@Schema(name = "PlanCreate", example = """
        {"code":"shared-standard","displayName":"Shared Managed Standard","deploymentModel":"shared-managed",
         "currency":"EUR","monthlyFee":"49.00","prices":{
          "connector-hours":{"included":720,"unitPrice":"0.05"},
          "data-transferred-gb":{"included":100,"tiers":[{"upTo":1000,"unitPrice":"0.08"},{"upTo":null,"unitPrice":"0.05"}]}}}""")
public record PlanCreate(String code, String displayName,
        @Schema(enumeration = {"shared-managed", "dedicated-managed", "byoc-support"}) String deploymentModel,
        @Schema(description = "ISO 4217, e.g. EUR") String currency,
        @Schema(ref = "Decimal", description = "At most the currency's decimals") BigDecimal monthlyFee,
        @Schema(description = "By metric id") Map<String, Price> prices) {

    /** {@code included} units free each month, then either {@code unitPrice} or graduated {@code tiers}. */
    @Schema(name = "PlanPrice")
    public record Price(@Schema(ref = "Decimal") BigDecimal included, @Schema(ref = "Decimal") BigDecimal unitPrice,
            List<Tier> tiers) {
    }

    /** Billable units up to {@code upTo} (null on the last tier: no limit) at {@code unitPrice} each. */
    @Schema(name = "PlanPriceTier")
    public record Tier(@Schema(ref = "DecimalOrNull") BigDecimal upTo, @Schema(ref = "Decimal") BigDecimal unitPrice) {
    }

    PlanDraft draft() {
        Map<String, PlanDraft.Price> p = new LinkedHashMap<>();
        if (prices != null) {
            prices.forEach((metric, price) -> p.put(metric, price == null ? null : new PlanDraft.Price(price.included(),
                    price.unitPrice(), price.tiers() == null ? null : price.tiers().stream()
                            .map(t -> t == null ? null : new PlanDraft.Tier(t.upTo(), t.unitPrice())).toList())));
        }
        return new PlanDraft(code, displayName, deploymentModel, currency, monthlyFee, p);
    }
}
