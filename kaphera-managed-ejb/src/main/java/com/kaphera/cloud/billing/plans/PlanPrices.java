package com.kaphera.cloud.billing.plans;

import com.kaphera.cloud.billing.Metric;
import com.kaphera.cloud.billing.pricing.MetricPrice;
import com.kaphera.cloud.billing.pricing.Money;
import com.kaphera.cloud.billing.pricing.PlanTerms;
import com.kaphera.cloud.billing.pricing.Tier;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.FreeText;
import com.kaphera.cloud.organisation.Organisation;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a plan's price list and its stored form (billing_plan.prices, JSON): the one place that
 * checks a draft and turns a stored plan into {@link PlanTerms} for the calculator. Pure, no database.
 */
public final class PlanPrices {
    public static final Set<String> DEPLOYMENT_MODELS = Set.of("shared-managed", "dedicated-managed", "byoc-support");
    /** Quantities and unit prices are stored to 6 decimals (numeric(20,6), numeric(18,6)). */
    static final int QUANTITY_SCALE = 6;
    /** monthly_fee is numeric(18,4): at most 14 digits before the point. */
    private static final int FEE_INTEGER_DIGITS = 14;
    private static final int PRICE_INTEGER_DIGITS = 12;
    private static final Pattern CODE = Pattern.compile(Organisation.SLUG_REGEX);

    private PlanPrices() {
    }

    /** Every problem with {@code draft}, with paths such as {@code prices.data-transferred-gb.tiers[1].upTo}. */
    public static List<FieldError> check(PlanDraft draft) {
        List<FieldError> errors = new ArrayList<>();
        if (draft.code() == null || !CODE.matcher(draft.code()).matches()) {
            errors.add(new FieldError("code", "must be 1-40 lower-case letters, digits or '-', starting with a letter"));
        }
        Organisation.checkDisplayName(draft.displayName(), errors);
        if (draft.deploymentModel() == null || !DEPLOYMENT_MODELS.contains(draft.deploymentModel())) {
            errors.add(new FieldError("deploymentModel", "must be one of byoc-support, dedicated-managed, shared-managed"));
        }
        boolean currency = Money.isCurrency(draft.currency()) && draft.currency().equals(draft.currency().toUpperCase(java.util.Locale.ROOT));
        if (!currency) {
            errors.add(new FieldError("currency", "must be an ISO 4217 currency code such as EUR"));
        }
        if (draft.monthlyFee() == null) {
            errors.add(new FieldError("monthlyFee", "is required"));
        } else if (draft.monthlyFee().signum() < 0) {
            errors.add(new FieldError("monthlyFee", "must not be negative"));
        } else if (integerDigits(draft.monthlyFee()) > FEE_INTEGER_DIGITS) {
            errors.add(new FieldError("monthlyFee", "is too large"));
        } else if (currency && scale(draft.monthlyFee()) > Money.scale(draft.currency())) {
            errors.add(new FieldError("monthlyFee", "must have at most " + Money.scale(draft.currency())
                    + " decimals in " + draft.currency()));
        }
        Map<String, PlanDraft.Price> prices = draft.prices() == null ? Map.of() : draft.prices();
        for (Map.Entry<String, PlanDraft.Price> e : prices.entrySet()) {
            String path = "prices." + e.getKey();
            if (Metric.of(e.getKey()).isEmpty()) {
                List<FieldError> nameErrors = new ArrayList<>();
                FreeText.check("prices", e.getKey(), nameErrors);
                errors.add(new FieldError(nameErrors.isEmpty() && e.getKey().length() <= 40 ? path : "prices",
                        "is not a metric; known metrics: " + Metric.ids()));
                continue;
            }
            checkPrice(path, e.getValue(), errors);
        }
        return errors;
    }

    private static void checkPrice(String path, PlanDraft.Price price, List<FieldError> errors) {
        if (price == null) {
            errors.add(new FieldError(path, "must be an object with included and unitPrice or tiers"));
            return;
        }
        checkQuantity(path + ".included", price.included(), false, errors);
        boolean hasTiers = price.tiers() != null;
        if (price.unitPrice() != null && hasTiers) {
            errors.add(new FieldError(path, "give either unitPrice or tiers, not both"));
            return;
        }
        if (price.unitPrice() == null && !hasTiers) {
            errors.add(new FieldError(path + ".unitPrice", "is required (or tiers)"));
            return;
        }
        if (!hasTiers) {
            checkUnitPrice(path + ".unitPrice", price.unitPrice(), errors);
            return;
        }
        List<PlanDraft.Tier> tiers = price.tiers();
        if (tiers.isEmpty()) {
            errors.add(new FieldError(path + ".tiers", "must have at least one tier"));
            return;
        }
        BigDecimal previous = BigDecimal.ZERO;
        for (int i = 0; i < tiers.size(); i++) {
            String tierPath = path + ".tiers[" + i + "]";
            PlanDraft.Tier tier = tiers.get(i);
            if (tier == null) {
                errors.add(new FieldError(tierPath, "must be an object with upTo and unitPrice"));
                continue;
            }
            checkUnitPrice(tierPath + ".unitPrice", tier.unitPrice(), errors);
            boolean last = i == tiers.size() - 1;
            if (last) {
                if (tier.upTo() != null) {
                    errors.add(new FieldError(tierPath + ".upTo", "must be null: the last tier is open-ended"));
                }
            } else if (tier.upTo() == null) {
                errors.add(new FieldError(tierPath + ".upTo", "is required: only the last tier is open-ended"));
            } else if (checkQuantity(tierPath + ".upTo", tier.upTo(), true, errors)) {
                if (tier.upTo().compareTo(previous) <= 0) {
                    errors.add(new FieldError(tierPath + ".upTo", i == 0 ? "must be greater than 0"
                            : "must be greater than the previous tier's upTo (" + previous.stripTrailingZeros().toPlainString() + ")"));
                }
                previous = previous.max(tier.upTo());
            }
        }
    }

    private static boolean checkQuantity(String path, BigDecimal q, boolean required, List<FieldError> errors) {
        if (q == null) {
            if (required) {
                errors.add(new FieldError(path, "is required"));
            }
            return !required;
        }
        if (q.signum() < 0) {
            errors.add(new FieldError(path, "must not be negative"));
        } else if (scale(q) > QUANTITY_SCALE || integerDigits(q) > FEE_INTEGER_DIGITS) {
            errors.add(new FieldError(path, "must have at most " + QUANTITY_SCALE + " decimals and "
                    + FEE_INTEGER_DIGITS + " digits before the point"));
        } else {
            return true;
        }
        return false;
    }

    private static void checkUnitPrice(String path, BigDecimal p, List<FieldError> errors) {
        if (p == null) {
            errors.add(new FieldError(path, "is required"));
        } else if (p.signum() < 0) {
            errors.add(new FieldError(path, "must not be negative"));
        } else if (scale(p) > QUANTITY_SCALE || integerDigits(p) > PRICE_INTEGER_DIGITS) {
            errors.add(new FieldError(path, "must have at most " + QUANTITY_SCALE + " decimals and "
                    + PRICE_INTEGER_DIGITS + " digits before the point"));
        }
    }

    private static int scale(BigDecimal d) {
        return Math.max(d.stripTrailingZeros().scale(), 0);
    }

    private static int integerDigits(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return Math.max(s.precision() - s.scale(), 0);
    }

    /** The stored form of a checked draft's prices, metrics in catalogue order. */
    public static String toJson(Map<String, PlanDraft.Price> prices) {
        JsonObjectBuilder root = Json.createObjectBuilder();
        Map<String, PlanDraft.Price> given = prices == null ? Map.of() : prices;
        for (Metric metric : Metric.values()) {
            PlanDraft.Price p = given.get(metric.id());
            if (p == null) {
                continue;
            }
            JsonObjectBuilder o = Json.createObjectBuilder()
                    .add("included", plain(p.included() == null ? BigDecimal.ZERO : p.included()));
            if (p.tiers() == null) {
                o.add("unitPrice", plain(p.unitPrice()));
            } else {
                JsonArrayBuilder tiers = Json.createArrayBuilder();
                for (PlanDraft.Tier t : p.tiers()) {
                    tiers.add(Json.createObjectBuilder()
                            .add("upTo", t.upTo() == null ? JsonValue.NULL : Json.createValue(plain(t.upTo())))
                            .add("unitPrice", plain(t.unitPrice())));
                }
                o.add("tiers", tiers);
            }
            root.add(metric.id(), o);
        }
        return root.build().toString();
    }

    /** The stored prices read back, as the API shows them. */
    public static Map<String, PlanDraft.Price> fromJson(String json) {
        Map<String, PlanDraft.Price> prices = new LinkedHashMap<>();
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonObject root = reader.readObject();
            for (Map.Entry<String, JsonValue> e : root.entrySet()) {
                JsonObject o = e.getValue().asJsonObject();
                BigDecimal included = o.getJsonNumber("included").bigDecimalValue();
                if (o.containsKey("tiers")) {
                    List<PlanDraft.Tier> tiers = new ArrayList<>();
                    for (JsonValue t : o.getJsonArray("tiers")) {
                        JsonObject to = t.asJsonObject();
                        tiers.add(new PlanDraft.Tier(to.isNull("upTo") ? null : to.getJsonNumber("upTo").bigDecimalValue(),
                                to.getJsonNumber("unitPrice").bigDecimalValue()));
                    }
                    prices.put(e.getKey(), new PlanDraft.Price(included, null, List.copyOf(tiers)));
                } else {
                    prices.put(e.getKey(), new PlanDraft.Price(included, o.getJsonNumber("unitPrice").bigDecimalValue(), null));
                }
            }
        }
        return prices;
    }

    /** What the calculator needs from a stored plan. */
    public static PlanTerms terms(String name, String currency, BigDecimal monthlyFee, String pricesJson) {
        Map<Metric, MetricPrice> prices = new EnumMap<>(Metric.class);
        fromJson(pricesJson).forEach((id, p) -> {
            Metric metric = Metric.of(id).orElseThrow(() -> new IllegalStateException("stored plan prices unknown metric " + id));
            prices.put(metric, p.tiers() == null ? MetricPrice.perUnit(p.included(), p.unitPrice())
                    : new MetricPrice(p.included(), p.tiers().stream().map(t -> new Tier(t.upTo(), t.unitPrice())).toList()));
        });
        return new PlanTerms(name, currency, monthlyFee, prices);
    }

    private static BigDecimal plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
