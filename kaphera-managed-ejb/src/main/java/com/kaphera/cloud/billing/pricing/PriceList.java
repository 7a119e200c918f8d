package com.kaphera.cloud.billing.pricing;

import com.kaphera.cloud.billing.Metric;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A plan's prices as stored (billing_plan.prices): per metric id {"included": q, "unitPrice": p} or
 * {"included": q, "tiers": [{"upTo": q|null, "unitPrice": p}]}. Stored values were validated when the
 * plan was created; this only reads and writes them.
 */
public final class PriceList {
    private PriceList() {
    }

    public static Map<Metric, MetricPrice> parse(String json) {
        Map<Metric, MetricPrice> prices = new EnumMap<>(Metric.class);
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            JsonObject o = r.readObject();
            for (Map.Entry<String, JsonValue> e : o.entrySet()) {
                Metric metric = Metric.of(e.getKey()).orElseThrow(() -> new IllegalStateException("unknown metric " + e.getKey()));
                JsonObject p = e.getValue().asJsonObject();
                BigDecimal included = p.containsKey("included") ? p.getJsonNumber("included").bigDecimalValue() : BigDecimal.ZERO;
                if (p.containsKey("tiers")) {
                    List<Tier> tiers = new ArrayList<>();
                    for (JsonValue t : p.getJsonArray("tiers")) {
                        JsonObject tier = t.asJsonObject();
                        JsonValue upTo = tier.get("upTo");
                        tiers.add(new Tier(upTo == null || upTo == JsonValue.NULL ? null : ((JsonNumber) upTo).bigDecimalValue(),
                                tier.getJsonNumber("unitPrice").bigDecimalValue()));
                    }
                    prices.put(metric, new MetricPrice(included, tiers));
                } else {
                    prices.put(metric, MetricPrice.perUnit(included, p.getJsonNumber("unitPrice").bigDecimalValue()));
                }
            }
        }
        return prices;
    }

    public static String write(Map<Metric, MetricPrice> prices) {
        JsonObjectBuilder o = Json.createObjectBuilder();
        prices.forEach((metric, price) -> {
            JsonObjectBuilder p = Json.createObjectBuilder().add("included", price.included());
            if (price.tiers().size() == 1 && price.tiers().get(0).upTo() == null) {
                p.add("unitPrice", price.tiers().get(0).unitPrice());
            } else {
                var tiers = Json.createArrayBuilder();
                price.tiers().forEach(t -> tiers.add(t.upTo() == null
                        ? Json.createObjectBuilder().addNull("upTo").add("unitPrice", t.unitPrice())
                        : Json.createObjectBuilder().add("upTo", t.upTo()).add("unitPrice", t.unitPrice())));
                p.add("tiers", tiers);
            }
            o.add(metric.id(), p);
        });
        return o.build().toString();
    }
}
