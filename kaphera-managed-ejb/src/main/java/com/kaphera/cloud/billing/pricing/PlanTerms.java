package com.kaphera.cloud.billing.pricing;

import com.kaphera.cloud.billing.Metric;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/** What one plan version charges: its name, currency, fixed monthly fee and prices per metric. */
public record PlanTerms(String name, String currency, BigDecimal monthlyFee, Map<Metric, MetricPrice> prices) {
    public PlanTerms {
        prices = Map.copyOf(prices);
    }

    public Optional<MetricPrice> price(Metric metric) {
        return Optional.ofNullable(prices.get(metric));
    }
}
