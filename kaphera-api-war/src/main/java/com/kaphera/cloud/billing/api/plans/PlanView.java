package com.kaphera.cloud.billing.api.plans;

import com.kaphera.cloud.billing.plans.Plan;
import com.kaphera.cloud.billing.plans.PlanDraft;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One version of a plan. Prices by metric id; a tier without {@code upTo} has no limit. */
public record PlanView(String code, int version, String displayName, String deploymentModel, String currency,
        BigDecimal monthlyFee, Map<String, PlanCreate.Price> prices, Instant createdAt) {

    static PlanView of(Plan p) {
        Map<String, PlanCreate.Price> prices = new LinkedHashMap<>();
        for (Map.Entry<String, PlanDraft.Price> e : p.prices().entrySet()) {
            PlanDraft.Price d = e.getValue();
            prices.put(e.getKey(), new PlanCreate.Price(d.included(), d.unitPrice(), d.tiers() == null ? null
                    : d.tiers().stream().map(t -> new PlanCreate.Tier(t.upTo(), t.unitPrice())).toList()));
        }
        return new PlanView(p.code(), p.planVersion(), p.displayName(), p.deploymentModel(), p.currency(), p.monthlyFee(),
                prices, p.createdAt());
    }

    /** Plans, latest version of each (list) or every version of one code (oldest first). */
    public record Plans(List<PlanView> items) {
    }
}
