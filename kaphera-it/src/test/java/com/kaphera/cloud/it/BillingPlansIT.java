package com.kaphera.cloud.it;

import static com.kaphera.cloud.it.Problems.assertFieldError;
import static com.kaphera.cloud.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.Stack;
import com.kaphera.cloud.it.support.Tokens;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plans (versioned, validated field by field), subscriptions (one at a time, upgrade now / downgrade
 * next month) and the cost preview an SME contact reads, against the real server and database.
 */
class BillingPlansIT {
    private static Http anonymous;
    private static Http admin;
    private static Http support;
    private static Tokens tokens;

    @BeforeAll
    static void server() {
        Stack stack = Stack.get();
        tokens = stack.tokens();
        anonymous = new Http(stack.managed().baseUri());
        admin = anonymous.as(tokens.platformAdmin());
        support = anonymous.as(tokens.forGroups("sam", "/platform/support"));
    }

    private static String plan(String code, String currency, String fee, String prices) {
        Http.Response r = admin.post("/api/v1/billing/plans", "{\"code\":\"" + code + "\",\"displayName\":\"Shared Managed "
                + code + "\",\"deploymentModel\":\"shared-managed\",\"currency\":\"" + currency + "\",\"monthlyFee\":" + fee
                + ",\"prices\":" + prices + "}");
        assertEquals(201, r.status(), r.body());
        return code;
    }

    private static String organisation(String base, String account) {
        String slug = Fixtures.slug(base);
        Http.Response r = admin.post("/api/v1/organisations", "{\"slug\":\"" + slug + "\",\"displayName\":\"" + base
                + " GmbH\"" + (account == null ? "" : ",\"customerAccount\":\"" + account + "\"") + "}");
        assertEquals(201, r.status(), r.body());
        return slug;
    }

    private static JsonObject subscribe(String owner, String ownerSlug, String plan, String country, LocalDate startsOn) {
        Http.Response r = admin.post("/api/v1/billing/subscriptions", "{\"" + owner + "\":\"" + ownerSlug + "\",\"plan\":\""
                + plan + "\",\"country\":\"" + country + "\",\"startsOn\":\"" + startsOn + "\"}");
        assertEquals(201, r.status(), r.body());
        assertEquals("\"0\"", r.header("ETag"));
        return r.json();
    }

    @Test
    void plansAreVersionedNeverEditedAndReadByPlatformStaff() {
        String code = Fixtures.slug("standard");
        plan(code, "EUR", "\"49.00\"", "{\"connector-hours\":{\"included\":720,\"unitPrice\":\"0.05\"}}");
        Http.Response v2 = admin.post("/api/v1/billing/plans", "{\"code\":\"" + code + "\",\"displayName\":\"Shared Managed "
                + "Standard 2027\",\"deploymentModel\":\"shared-managed\",\"currency\":\"EUR\",\"monthlyFee\":59,\"prices\":"
                + "{\"data-transferred-gb\":{\"included\":100,\"tiers\":[{\"upTo\":1000,\"unitPrice\":\"0.08\"},"
                + "{\"upTo\":null,\"unitPrice\":0.05}]}}}");
        assertEquals(201, v2.status(), v2.body());
        assertEquals(2, v2.json().getInt("version"));
        assertTrue(v2.header("Location").endsWith("/api/v1/billing/plans/" + code), v2.header("Location"));

        List<JsonObject> versions = support.get("/api/v1/billing/plans/" + code).json().getJsonArray("items")
                .getValuesAs(JsonObject.class);
        assertEquals(List.of(1, 2), versions.stream().map(v -> v.getInt("version")).toList());
        assertEquals(new BigDecimal("49.00"), versions.get(0).getJsonNumber("monthlyFee").bigDecimalValue());
        assertEquals(new BigDecimal("0.05"), versions.get(0).getJsonObject("prices").getJsonObject("connector-hours")
                .getJsonNumber("unitPrice").bigDecimalValue());
        assertEquals(1000, versions.get(1).getJsonObject("prices").getJsonObject("data-transferred-gb")
                .getJsonArray("tiers").getJsonObject(0).getInt("upTo"));

        List<JsonObject> latest = support.get("/api/v1/billing/plans").json().getJsonArray("items").getValuesAs(JsonObject.class)
                .stream().filter(p -> p.getString("code").equals(code)).toList();
        assertEquals(1, latest.size(), latest.toString());
        assertEquals(2, latest.get(0).getInt("version"));

        assertProblem(support.post("/api/v1/billing/plans", "{\"code\":\"" + Fixtures.slug("sneaky") + "\",\"displayName\":\"S\","
                + "\"deploymentModel\":\"shared-managed\",\"currency\":\"EUR\",\"monthlyFee\":0,\"prices\":{}}"), 403);
        assertProblem(support.get("/api/v1/billing/plans/no-such-plan"), 404);
        Http orgAdmin = anonymous.as(tokens.forGroups("oem", "/orgs/oem-frankfurt/admin"));
        assertProblem(orgAdmin.get("/api/v1/billing/plans"), 403);
        assertProblem(new Http(Stack.get().byoc().baseUri()).as(tokens.platformAdmin()).get("/api/v1/billing/plans"), 404);
    }

    @Test
    void aPlanIsValidatedFieldByField() {
        Http.Response r = admin.post("/api/v1/billing/plans", "{\"code\":\"Premium Plan\",\"displayName\":\"\","
                + "\"deploymentModel\":\"on-premise\",\"currency\":\"EURO\",\"monthlyFee\":\"-5\",\"prices\":{"
                + "\"cpu-hours\":{\"included\":0,\"unitPrice\":1},"
                + "\"connector-hours\":{\"included\":-1,\"unitPrice\":\"-0.05\"},"
                + "\"data-transferred-gb\":{\"included\":0,\"tiers\":[{\"upTo\":1000,\"unitPrice\":\"0.08\"},"
                + "{\"upTo\":500,\"unitPrice\":\"0.06\"},{\"upTo\":null,\"unitPrice\":\"0.05\"}]},"
                + "\"contract-negotiations\":{\"tiers\":[{\"upTo\":10,\"unitPrice\":1}]},"
                + "\"joins\":{\"included\":1,\"unitPrice\":\"2\",\"tiers\":[{\"upTo\":null,\"unitPrice\":1}]}}}");
        assertFieldError(r, "code", "lower-case");
        assertFieldError(r, "displayName", "blank");
        assertFieldError(r, "deploymentModel", "shared-managed");
        assertFieldError(r, "currency", "ISO 4217");
        assertFieldError(r, "monthlyFee", "negative");
        assertFieldError(r, "prices.cpu-hours", "not a metric");
        assertFieldError(r, "prices.connector-hours.included", "negative");
        assertFieldError(r, "prices.connector-hours.unitPrice", "negative");
        assertFieldError(r, "prices.data-transferred-gb.tiers[1].upTo", "greater than the previous tier's upTo (1000)");
        assertFieldError(r, "prices.contract-negotiations.tiers[0].upTo", "open-ended");
        assertFieldError(r, "prices.joins", "either unitPrice or tiers");

        assertFieldError(admin.post("/api/v1/billing/plans", "{\"code\":\"" + Fixtures.slug("eur") + "\",\"displayName\":\"E\","
                + "\"deploymentModel\":\"dedicated-managed\",\"currency\":\"EUR\",\"monthlyFee\":\"12.345\",\"prices\":{}}"),
                "monthlyFee", "at most 2 decimals");
        assertFieldError(admin.post("/api/v1/billing/plans", "{\"code\":\"" + Fixtures.slug("yen") + "\",\"displayName\":\"Y\","
                + "\"deploymentModel\":\"byoc-support\",\"currency\":\"JPY\",\"monthlyFee\":\"1000.5\",\"prices\":{}}"),
                "monthlyFee", "at most 0 decimals");
        assertFieldError(admin.post("/api/v1/billing/plans", "{\"code\":\"" + Fixtures.slug("nan") + "\",\"displayName\":\"N\","
                + "\"deploymentModel\":\"byoc-support\",\"currency\":\"EUR\",\"monthlyFee\":\"ten\",\"prices\":{}}"),
                "monthlyFee", "decimal number");
    }

    @Test
    void oneSubscriptionAtATimeAndOverlapIs409() {
        String code = plan(Fixtures.slug("basic"), "EUR", "10", "{}");
        String org = organisation("novak-castings", null);
        LocalDate start = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        JsonObject s = subscribe("organisation", org, code, "CZ", start);
        assertEquals(code, s.getJsonArray("plans").getJsonObject(0).getString("plan"));
        assertEquals(1, s.getJsonArray("plans").getJsonObject(0).getInt("planVersion"));

        assertProblem(admin.post("/api/v1/billing/subscriptions", "{\"organisation\":\"" + org + "\",\"plan\":\"" + code
                + "\",\"country\":\"CZ\",\"startsOn\":\"" + start.plusMonths(3) + "\"}"), 409);
        String id = s.getString("id");
        assertProblem(admin.post("/api/v1/billing/subscriptions/" + id + "/end", "{\"endsOn\":\"" + start.plusMonths(2) + "\"}",
                "If-Match", "\"7\""), 412);
        Http.Response ended = admin.post("/api/v1/billing/subscriptions/" + id + "/end", "{\"endsOn\":\"" + start.plusMonths(2)
                + "\"}", "If-Match", "\"0\"");
        assertEquals(200, ended.status(), ended.body());
        assertEquals(start.plusMonths(2).toString(), ended.json().getString("endsOn"));
        assertProblem(admin.post("/api/v1/billing/subscriptions/" + id + "/end", "{\"endsOn\":\"" + start.plusMonths(1) + "\"}"), 409);
        assertProblem(admin.post("/api/v1/billing/subscriptions", "{\"organisation\":\"" + org + "\",\"plan\":\"" + code
                + "\",\"country\":\"CZ\",\"startsOn\":\"" + start.plusMonths(2).minusDays(1) + "\"}"), 409);
        subscribe("organisation", org, code, "CZ", start.plusMonths(2));

        assertEquals(2, support.get("/api/v1/billing/subscriptions?organisation=" + org).json().getJsonArray("items").size());
        assertEquals(200, support.get("/api/v1/billing/subscriptions/" + id).status());
        assertProblem(support.get("/api/v1/billing/subscriptions/" + java.util.UUID.randomUUID()), 404);
        assertProblem(support.post("/api/v1/billing/subscriptions", "{\"organisation\":\"" + org + "\",\"plan\":\"" + code
                + "\",\"country\":\"CZ\",\"startsOn\":\"" + start.plusYears(1) + "\"}"), 403);

        Http.Response bad = admin.post("/api/v1/billing/subscriptions", "{\"organisation\":\"" + org + "\",\"customerAccount\":\"x\","
                + "\"plan\":\"no-such-plan\",\"country\":\"Germany\",\"startsOn\":\"01.12.2026\"}");
        assertFieldError(bad, "startsOn", "YYYY-MM-DD");
        Http.Response bad2 = admin.post("/api/v1/billing/subscriptions", "{\"organisation\":\"" + org + "\",\"customerAccount\":\"x\","
                + "\"plan\":\"no-such-plan\",\"country\":\"Germany\",\"startsOn\":\"" + start + "\",\"trialEndsOn\":\"" + start + "\"}");
        assertFieldError(bad2, "organisation", "exactly one");
        assertFieldError(bad2, "plan", "no plan");
        assertFieldError(bad2, "country", "alpha-2");
        assertFieldError(bad2, "trialEndsOn", "after startsOn");
        assertFieldError(admin.post("/api/v1/billing/subscriptions", "{\"organisation\":\"no-such-org\",\"plan\":\"" + code
                + "\",\"country\":\"DE\",\"startsOn\":\"" + start + "\"}"), "organisation", "no live organisation");
    }

    @Test
    void anUpgradeHoldsFromTodayAndADowngradeFromNextMonth() {
        String cheap = plan(Fixtures.slug("starter"), "EUR", "\"19.00\"", "{}");
        String dear = plan(Fixtures.slug("premium"), "EUR", "\"199.00\"", "{}");
        String dollars = plan(Fixtures.slug("us-premium"), "USD", "\"299.00\"", "{}");
        String org = organisation("baltic-logistics", null);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String id = subscribe("organisation", org, cheap, "NL", today.minusDays(3)).getString("id");
        String path = "/api/v1/billing/subscriptions/" + id + "/plan-changes";

        assertFieldError(admin.post(path, "{\"plan\":\"" + dollars + "\"}"), "plan", "keeps the currency");
        assertFieldError(admin.post(path, "{\"plan\":\"" + cheap + "\"}"), "plan", "in force already");
        assertFieldError(admin.post(path, "{\"plan\":\"" + dear + "\",\"planVersion\":9}"), "planVersion", "no version 9");
        assertProblem(admin.post(path, "{\"plan\":\"" + dear + "\"}", "If-Match", "\"5\""), 412);

        Http.Response up = admin.post(path, "{\"plan\":\"" + dear + "\"}", "If-Match", "\"0\"");
        assertEquals(200, up.status(), up.body());
        assertEquals("upgrade", up.json().getString("change"));
        assertEquals(today.toString(), up.json().getString("effectiveFrom"));
        assertEquals("\"1\"", up.header("ETag"));

        Http.Response down = admin.post(path, "{\"plan\":\"" + cheap + "\"}");
        assertEquals(200, down.status(), down.body());
        assertEquals("downgrade", down.json().getString("change"));
        LocalDate nextMonth = today.withDayOfMonth(1).plusMonths(1);
        assertEquals(nextMonth.toString(), down.json().getString("effectiveFrom"));
        List<JsonObject> plans = down.json().getJsonObject("subscription").getJsonArray("plans").getValuesAs(JsonObject.class);
        assertEquals(List.of(today.minusDays(3).toString(), today.toString(), nextMonth.toString()),
                plans.stream().map(p -> p.getString("validFrom")).toList());
        assertEquals(List.of(cheap, dear, cheap), plans.stream().map(p -> p.getString("plan")).toList());

        assertProblem(admin.post(path, "{\"plan\":\"" + dear + "\"}"), 409);
        assertProblem(support.post(path, "{\"plan\":\"" + dear + "\"}"), 403);
        assertProblem(admin.post("/api/v1/billing/subscriptions/not-a-uuid/plan-changes", "{\"plan\":\"" + dear + "\"}"), 404);

        String later = subscribe("organisation", organisation("hanse-freight", null), cheap, "DE", nextMonth).getString("id");
        assertTrue(assertProblem(admin.post("/api/v1/billing/subscriptions/" + later + "/plan-changes", "{\"plan\":\"" + dear
                + "\"}"), 409).getString("detail").contains("starts on " + nextMonth));
    }

    @Test
    void thePreviewShowsTheMonthSoFarAndProjectedToEveryoneInTheOrganisation() throws Exception {
        String code = plan(Fixtures.slug("shared-plus"), "EUR", "\"300.00\"", "{\"connector-hours\":{\"included\":0,"
                + "\"unitPrice\":\"0.10\"},\"data-transferred-gb\":{\"included\":0,\"tiers\":[{\"upTo\":1000,\"unitPrice\":\"0.50\"},"
                + "{\"upTo\":null,\"unitPrice\":\"0.25\"}]}}");
        String org = organisation("mueller-sensors", null);
        String other = organisation("kowalski-parts", null);
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        subscribe("organisation", org, code, "DE", month.atDay(1));
        usage(org, "connector-hours", month, month.atDay(1), 0, 60);
        usage(org, "connector-hours", month, month.atDay(1), 1, 40);
        usage(org, "data-transferred-gb", month, month.atDay(1), 0, 12.5);
        usage(other, "connector-hours", month, month.atDay(1), 0, 1000);
        // A late event of last month, billed in this one: the run adjusts it; the preview is about this month's hours.
        usage(org, "connector-hours", month, month.minusMonths(1).atDay(3), 0, 500);

        Http viewer = anonymous.as(tokens.forGroups("anna", "/orgs/" + org + "/viewer"));
        Http.Response r = viewer.get("/api/v1/organisations/" + org + "/billing/preview");
        assertEquals(200, r.status(), r.body());
        JsonObject p = r.json();
        assertEquals(month.toString(), p.getString("period"));
        assertEquals("EUR", p.getString("currency"));
        assertEquals(List.of(org), p.getJsonArray("organisations").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList());

        JsonObject soFar = p.getJsonObject("soFar");
        assertEquals(new BigDecimal("10.00"), line(soFar, "connector-hours").getJsonNumber("amount").bigDecimalValue());
        assertEquals(0, new BigDecimal("100").compareTo(line(soFar, "connector-hours").getJsonNumber("quantity").bigDecimalValue()));
        assertEquals(new BigDecimal("6.25"), line(soFar, "data-transferred-gb").getJsonNumber("amount").bigDecimalValue());
        int day = LocalDate.now(ZoneOffset.UTC).getDayOfMonth();
        BigDecimal fee = day == month.lengthOfMonth() ? new BigDecimal("300.00") : new BigDecimal("300").multiply(BigDecimal.valueOf(day))
                .divide(BigDecimal.valueOf(month.lengthOfMonth()), 2, RoundingMode.HALF_EVEN);
        JsonObject feeLine = soFar.getJsonArray("lines").getValuesAs(JsonObject.class).stream()
                .filter(l -> l.getString("kind").equals("fee")).findFirst().orElseThrow();
        assertEquals(fee, feeLine.getJsonNumber("amount").bigDecimalValue(), feeLine.toString());
        assertTrue(feeLine.getString("description").contains("Shared Managed"), feeLine.toString());
        assertTotals(soFar, "19");

        JsonObject projected = p.getJsonObject("projected");
        long hoursInMonth = p.getJsonNumber("hoursInMonth").longValue();
        long hoursElapsed = p.getJsonNumber("hoursElapsed").longValue();
        assertEquals(month.lengthOfMonth() * 24L, hoursInMonth);
        BigDecimal hours = new BigDecimal(100).multiply(BigDecimal.valueOf(hoursInMonth))
                .divide(BigDecimal.valueOf(hoursElapsed), 6, RoundingMode.HALF_EVEN);
        assertEquals(0, hours.compareTo(line(projected, "connector-hours").getJsonNumber("quantity").bigDecimalValue()),
                projected.toString());
        assertEquals(hours.multiply(new BigDecimal("0.10")).setScale(2, RoundingMode.HALF_EVEN),
                line(projected, "connector-hours").getJsonNumber("amount").bigDecimalValue());
        assertEquals(new BigDecimal("300.00"), projected.getJsonArray("lines").getValuesAs(JsonObject.class).stream()
                .filter(l -> l.getString("kind").equals("fee")).findFirst().orElseThrow().getJsonNumber("amount").bigDecimalValue());
        assertTotals(projected, "19");

        assertEquals(200, support.get("/api/v1/organisations/" + org + "/billing/preview").status());
        assertProblem(anonymous.as(tokens.forGroups("jan", "/orgs/" + other + "/admin"))
                .get("/api/v1/organisations/" + org + "/billing/preview"), 404);
        assertProblem(anonymous.as(tokens.forGroups("jan", "/orgs/" + other + "/admin"))
                .get("/api/v1/organisations/" + other + "/billing/preview"), 404);
    }

    @Test
    void anAccountsSubscriptionCoversItsOrganisationsAndTheirUsageTogether() throws Exception {
        String code = plan(Fixtures.slug("group"), "CHF", "\"500.00\"", "{\"joins\":{\"included\":0,\"unitPrice\":\"3.00\"}}");
        String account = Fixtures.slug("tier1-group");
        assertEquals(201, admin.post("/api/v1/customer-accounts", "{\"slug\":\"" + account + "\",\"displayName\":\"Tier-1 "
                + "Components Group\"}").status());
        String de = organisation("tier1-de", account);
        String cz = organisation("tier1-cz", account);
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        subscribe("customerAccount", account, code, "CH", month.atDay(1));
        usage(de, "joins", month, month.atDay(1), 0, 2);
        usage(cz, "joins", month, month.atDay(1), 0, 1);

        JsonObject p = anonymous.as(tokens.forGroups("petra", "/orgs/" + cz + "/viewer"))
                .get("/api/v1/organisations/" + cz + "/billing/preview").json();
        assertEquals(account, p.getString("customerAccount"));
        assertEquals(List.of(de, cz).stream().sorted().toList(), p.getJsonArray("organisations")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        assertEquals(new BigDecimal("9.00"), line(p.getJsonObject("soFar"), "joins").getJsonNumber("amount").bigDecimalValue());
        assertTotals(p.getJsonObject("soFar"), "8.1");
    }

    private static JsonObject line(JsonObject estimate, String metric) {
        return estimate.getJsonArray("lines").getValuesAs(JsonObject.class).stream()
                .filter(l -> metric.equals(l.getString("metric", null))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric + " line: " + estimate));
    }

    private static void assertTotals(JsonObject estimate, String taxRate) {
        BigDecimal sum = estimate.getJsonArray("lines").getValuesAs(JsonObject.class).stream()
                .map(l -> l.getJsonNumber("amount").bigDecimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal subtotal = estimate.getJsonNumber("subtotal").bigDecimalValue();
        assertEquals(0, sum.compareTo(subtotal), estimate.toString());
        assertEquals(0, new BigDecimal(taxRate).compareTo(estimate.getJsonNumber("taxRate").bigDecimalValue()), estimate.toString());
        assertEquals(subtotal.multiply(new BigDecimal(taxRate)).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_EVEN),
                estimate.getJsonNumber("tax").bigDecimalValue());
        assertEquals(subtotal.add(estimate.getJsonNumber("tax").bigDecimalValue()), estimate.getJsonNumber("total").bigDecimalValue());
        assertFalse(estimate.getJsonArray("lines").isEmpty());
    }

    /** One hourly bucket, as ingestion would have written it. */
    private static void usage(String org, String metric, YearMonth billedIn, LocalDate day, int hour, double quantity)
            throws Exception {
        try (Connection c = Stack.get().postgres().connect(); PreparedStatement s = c.prepareStatement("insert into usage_hourly "
                + "(organisation, metric, billing_period, hour, quantity, events) values (?, ?, ?, ?, ?, 1)")) {
            s.setString(1, org);
            s.setString(2, metric);
            s.setObject(3, billedIn.atDay(1));
            s.setObject(4, day.atStartOfDay().plusHours(hour).atOffset(ZoneOffset.UTC));
            s.setBigDecimal(5, BigDecimal.valueOf(quantity));
            s.executeUpdate();
        }
    }
}
