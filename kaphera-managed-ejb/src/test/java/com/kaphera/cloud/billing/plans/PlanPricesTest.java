package com.kaphera.cloud.billing.plans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.billing.Metric;
import com.kaphera.cloud.billing.pricing.MetricPrice;
import com.kaphera.cloud.billing.pricing.PlanTerms;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanPricesTest {

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    private static PlanDraft draft(String currency, String fee, Map<String, PlanDraft.Price> prices) {
        return new PlanDraft("shared-standard", "Shared Managed Standard", "shared-managed", currency,
                fee == null ? null : d(fee), prices);
    }

    private static PlanDraft.Price tiers(String included, String... upToAndPrice) {
        List<PlanDraft.Tier> tiers = new java.util.ArrayList<>();
        for (int i = 0; i < upToAndPrice.length; i += 2) {
            tiers.add(new PlanDraft.Tier(upToAndPrice[i] == null ? null : d(upToAndPrice[i]), d(upToAndPrice[i + 1])));
        }
        return new PlanDraft.Price(included == null ? null : d(included), null, tiers);
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).sorted().toList();
    }

    @Test
    void acceptsAPlainAndATieredPrice() {
        Map<String, PlanDraft.Price> prices = new LinkedHashMap<>();
        prices.put("connector-hours", new PlanDraft.Price(d("720"), d("0.05"), null));
        prices.put("data-transferred-gb", tiers("100", "1000", "0.08", null, "0.05"));
        assertEquals(List.of(), PlanPrices.check(draft("EUR", "49.00", prices)));
    }

    @Test
    void namesEveryBadFieldByItsPath() {
        Map<String, PlanDraft.Price> prices = new LinkedHashMap<>();
        prices.put("cpu-hours", new PlanDraft.Price(null, d("1"), null));
        prices.put("connector-hours", new PlanDraft.Price(d("-1"), d("-0.05"), null));
        prices.put("data-transferred-gb", tiers(null, "1000", "0.08", "1000", "0.06", "5000", "0.05"));
        prices.put("joins", new PlanDraft.Price(null, d("1.1234567"), null));
        List<FieldError> errors = PlanPrices.check(new PlanDraft("Bad Code", " ", "on-premise", "EURO", d("-1"), prices));
        assertEquals(List.of("code", "currency", "deploymentModel", "displayName", "monthlyFee",
                "prices.connector-hours.included", "prices.connector-hours.unitPrice", "prices.cpu-hours",
                "prices.data-transferred-gb.tiers[1].upTo", "prices.data-transferred-gb.tiers[2].upTo",
                "prices.joins.unitPrice"), fields(errors));
    }

    @Test
    void theLastTierIsOpenEndedAndOnlyIt() {
        Map<String, PlanDraft.Price> prices = Map.of("joins", tiers("0", null, "1", null, "2"));
        assertEquals(List.of("prices.joins.tiers[0].upTo"), fields(PlanPrices.check(draft("EUR", "0", prices))));
        assertEquals(List.of("prices.joins.tiers"), fields(PlanPrices.check(draft("EUR", "0", Map.of("joins", tiers("0"))))));
    }

    @Test
    void theFeeHasAtMostTheCurrencysDecimals() {
        assertEquals(List.of("monthlyFee"), fields(PlanPrices.check(draft("EUR", "12.345", Map.of()))));
        assertEquals(List.of(), PlanPrices.check(draft("EUR", "12.3400", Map.of())));
        assertEquals(List.of("monthlyFee"), fields(PlanPrices.check(draft("JPY", "1000.5", Map.of()))));
        assertEquals(List.of("monthlyFee"), fields(PlanPrices.check(draft("EUR", null, Map.of()))));
        assertEquals(List.of("currency"), fields(PlanPrices.check(draft("eur", "1", Map.of()))));
    }

    @Test
    void eitherUnitPriceOrTiers() {
        assertEquals(List.of("prices.joins"), fields(PlanPrices.check(draft("EUR", "0",
                Map.of("joins", new PlanDraft.Price(null, d("1"), List.of(new PlanDraft.Tier(null, d("1")))))))));
        assertEquals(List.of("prices.joins.unitPrice"), fields(PlanPrices.check(draft("EUR", "0",
                Map.of("joins", new PlanDraft.Price(d("1"), null, null))))));
    }

    @Test
    void storedPricesBecomeTheCalculatorsTerms() {
        Map<String, PlanDraft.Price> prices = new LinkedHashMap<>();
        prices.put("data-transferred-gb", tiers("100", "1000", "0.080", null, "0.05"));
        prices.put("connector-hours", new PlanDraft.Price(null, d("0.05"), null));
        String json = PlanPrices.toJson(prices);
        assertEquals("{\"connector-hours\":{\"included\":0,\"unitPrice\":0.05},\"data-transferred-gb\":{\"included\":100,"
                + "\"tiers\":[{\"upTo\":1000,\"unitPrice\":0.08},{\"upTo\":null,\"unitPrice\":0.05}]}}", json);
        PlanTerms terms = PlanPrices.terms("Standard (v1)", "EUR", d("49.00"), json);
        MetricPrice data = terms.price(Metric.DATA_TRANSFERRED_GB).orElseThrow();
        assertEquals(0, d("100").compareTo(data.included()));
        // 1200 GB, 100 included: 1000 at 0.08, 100 at 0.05.
        assertEquals(0, d("85").compareTo(data.amount(d("1200"), data.included())));
        assertEquals(0, d("0.05").compareTo(terms.price(Metric.CONNECTOR_HOURS).orElseThrow().tiers().get(0).unitPrice()));
        assertTrue(terms.price(Metric.JOINS).isEmpty());
        assertEquals(PlanPrices.fromJson(json), PlanPrices.fromJson(PlanPrices.toJson(PlanPrices.fromJson(json))));
    }

    @Test
    void aPlanRefusesAnInvalidDraftAndKeepsTheFeeAtTheCurrencysScale() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Plan(draft("XXX1", "1", Map.of()), 1, "admin", Instant.now()));
        assertEquals(List.of("currency"), fields(e.errors()));
        Plan plan = new Plan(draft("EUR", "49", Map.of()), 3, "admin", Instant.now());
        assertEquals(d("49.00"), plan.monthlyFee());
        assertEquals("Shared Managed Standard (v3)", plan.terms().name());
        assertTrue(Arrays.asList(PlanPrices.DEPLOYMENT_MODELS.toArray()).contains(plan.deploymentModel()));
    }
}
