package com.kaphera.cloud.it;

import static com.kaphera.cloud.it.Problems.assertFieldError;
import static com.kaphera.cloud.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.LibertyServer;
import com.kaphera.cloud.it.support.Stack;
import com.kaphera.cloud.it.support.Tokens;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Usage ingestion against the real server and database: the same id counted once across retries,
 * threads and two server instances; a batch's good events kept next to per-event errors; late events
 * of an invoiced month billed in the open period; who may report and who may export.
 */
class UsageEventsIT {
    private static final String REPORT = "/api/v1/usage-events";
    private static Stack stack;
    private static Tokens tokens;
    private static Http anonymous;
    private static String org;
    private static String other;
    private static Http reporter;

    @BeforeAll
    static void server() {
        stack = Stack.get();
        tokens = stack.tokens();
        anonymous = new Http(stack.managed().baseUri());
        org = Fixtures.slug("logistics-provider");
        other = Fixtures.slug("sme-castings");
        Fixtures.register(org, "Logistics Provider GmbH");
        Fixtures.register(other, "Novak Castings");
        // The organisation's service account, as Keycloak's seed defines it: in the organisation's operator group.
        reporter = anonymous.as(tokens.forGroups("service-account-" + org + "-ci", "/orgs/" + org + "/operator"));
    }

    static String event(String id, String organisation, String metric, String quantity, Instant at) {
        return "{\"id\":\"" + id + "\",\"organisation\":\"" + organisation + "\",\"metric\":\"" + metric
                + "\",\"quantity\":" + quantity + ",\"occurredAt\":\"" + at + "\",\"subject\":\"edc-frankfurt\"}";
    }

    static String batch(List<String> events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    static JsonObject ok(Http.Response r) {
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    /** Events and quantity in the organisation's hourly buckets. */
    static long[] buckets(String organisation, String metric) throws Exception {
        try (Connection c = stack.postgres().connect(); PreparedStatement ps = c.prepareStatement(
                "select coalesce(sum(events), 0), coalesce(sum(quantity), 0) from usage_hourly where organisation = ? and metric = ?")) {
            ps.setString(1, organisation);
            ps.setString(2, metric);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getBigDecimal(2).longValueExact()};
            }
        }
    }

    static long storedEvents(String organisation) throws Exception {
        try (Connection c = stack.postgres().connect();
                PreparedStatement ps = c.prepareStatement("select count(*) from usage_event where organisation = ?")) {
            ps.setString(1, organisation);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void theSameIdsSentTwiceAreCountedOnce() throws Exception {
        String o = Fixtures.slug("tier1-gmbh");
        Fixtures.register(o, "Tier-1 Components GmbH");
        Http svc = anonymous.as(tokens.forGroups("service-account-" + o + "-ci", "/orgs/" + o + "/operator"));
        Instant at = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String body = batch(List.of(event("neg-0001", o, "contract-negotiations", "1", at),
                event("neg-0002", o, "contract-negotiations", "1", at.plusSeconds(60)),
                event("neg-0003", o, "contract-negotiations", "1", at.plusSeconds(3600))));
        JsonObject first = ok(svc.post(REPORT, body));
        assertEquals(3, first.getInt("accepted"), first.toString());
        assertEquals(0, first.getInt("duplicates"));
        assertTrue(first.getJsonArray("rejected").isEmpty());
        JsonObject retry = ok(svc.post(REPORT, body));
        assertEquals(0, retry.getInt("accepted"), retry.toString());
        assertEquals(3, retry.getInt("duplicates"));
        assertEquals(3, buckets(o, "contract-negotiations")[0]);
        assertEquals(3, buckets(o, "contract-negotiations")[1]);
        // The same id twice within one batch is one event too.
        JsonObject within = ok(svc.post(REPORT, batch(List.of(event("neg-0004", o, "contract-negotiations", "1", at),
                event("neg-0004", o, "contract-negotiations", "1", at)))));
        assertEquals(1, within.getInt("accepted"), within.toString());
        assertEquals(1, within.getInt("duplicates"));
        assertEquals(4, buckets(o, "contract-negotiations")[0]);
    }

    @Test
    void oneBatchSentConcurrentlyToTwoServerInstancesIsCountedOnce() throws Exception {
        String o = Fixtures.slug("oem-plant");
        Fixtures.register(o, "OEM Plant Frankfurt");
        String token = tokens.forGroups("service-account-" + o + "-ci", "/orgs/" + o + "/operator");
        Instant base = Instant.now().minus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        List<String> events = IntStream.range(0, 1000).mapToObj(i -> event("transfer-" + i, o, "data-transferred-gb",
                "2.5", base.plusSeconds(i * 17L))).toList();
        String body = batch(events);
        LibertyServer second = stack.variant("kaphera-it-usage-second", Map.of());
        second.start();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Http> servers = List.of(new Http(stack.managed().baseUri()).as(token), new Http(second.baseUri()).as(token));
            List<Future<JsonObject>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Http server = servers.get(i % 2);
                answers.add(pool.submit(() -> ok(server.post(REPORT, body))));
            }
            int accepted = 0;
            int duplicates = 0;
            for (Future<JsonObject> a : answers) {
                JsonObject r = a.get();
                accepted += r.getInt("accepted");
                duplicates += r.getInt("duplicates");
                assertTrue(r.getJsonArray("rejected").isEmpty(), r.toString());
            }
            assertEquals(1000, accepted, "each event counted by exactly one of the 8 requests");
            assertEquals(7000, duplicates);
        } finally {
            pool.shutdownNow();
            second.stop();
        }
        assertEquals(1000, storedEvents(o));
        long[] b = buckets(o, "data-transferred-gb");
        assertEquals(1000, b[0]);
        assertEquals(2500, b[1]);
    }

    @Test
    void aMixedBatchKeepsTheGoodEventsAndExplainsEachBadOne() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> events = List.of(
                event("mix-good-1", org, "contract-negotiations", "2", now.minusSeconds(60)),
                event("mix-metric", org, "api-calls", "1", now),
                event("mix-negative", org, "data-transferred-gb", "-1", now),
                event("mix-text", org, "data-transferred-gb", "\"12\"", now),
                event("mix-future", org, "data-transferred-gb", "1", now.plus(2, ChronoUnit.HOURS)),
                event("mix-ancient", org, "data-transferred-gb", "1", now.minus(90, ChronoUnit.DAYS)),
                event("mix-theirs", other, "data-transferred-gb", "1", now),
                event("mix-nobody", "no-such-organisation-x", "data-transferred-gb", "1", now),
                "{\"organisation\":\"" + org + "\",\"metric\":\"joins\",\"quantity\":1,\"occurredAt\":\"" + now + "\"}",
                event("x".repeat(201), org, "joins", "1", now),
                event("mix-good-2", org, "data-transferred-gb", "0.125", now.minusSeconds(30)));
        // The string quantity is refused per event, as the API says; the request schema types it as a number.
        JsonObject r = ok(reporter.withoutContractCheck("a string quantity is sent on purpose: refused per event")
                .post(REPORT, batch(events)));
        assertEquals(2, r.getInt("accepted"), r.toString());
        assertEquals(0, r.getInt("duplicates"));
        Map<Integer, JsonObject> rejected = r.getJsonArray("rejected").getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(x -> x.getInt("index"), x -> x));
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), rejected.keySet().stream().sorted().toList(), r.toString());
        assertError(rejected.get(1), "metric", "not a known metric");
        assertError(rejected.get(2), "quantity", "negative");
        assertError(rejected.get(3), "quantity", "must be a number");
        assertError(rejected.get(4), "occurredAt", "future");
        assertError(rejected.get(5), "occurredAt", "closed period");
        assertError(rejected.get(6), "organisation", "may report");
        assertError(rejected.get(7), "organisation", "may report");
        // Another organisation's events and a slug that does not exist read the same: existence is not revealed.
        assertEquals(rejected.get(6).getJsonArray("errors"), rejected.get(7).getJsonArray("errors"));
        assertError(rejected.get(8), "id", "required");
        assertError(rejected.get(9), "id", "1-200");
        assertEquals("mix-metric", rejected.get(1).getString("id"));
        assertTrue(!rejected.get(9).containsKey("id") || rejected.get(9).isNull("id"), "an oversized id is not echoed");
        assertEquals(0, storedEvents(other), "nothing stored for another organisation");
    }

    static void assertError(JsonObject rejection, String field, String part) {
        assertTrue(rejection.getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .anyMatch(e -> e.getString("field").equals(field) && e.getString("message").contains(part)),
                "expected " + field + " ~ '" + part + "': " + rejection);
    }

    @Test
    void onlyServiceAccountsAndOperatorsReport() {
        String body = batch(List.of(event("who-1", org, "joins", "1", Instant.now())));
        assertProblem(anonymous.post(REPORT, body), 401);
        assertProblem(anonymous.as(tokens.forGroups("petra", "/orgs/" + org + "/viewer")).post(REPORT, body), 403);
        // An operator elsewhere may report, but not for this organisation: refused per event.
        JsonObject r = ok(anonymous.as(tokens.forGroups("jonas", "/orgs/" + other + "/operator")).post(REPORT, body));
        assertEquals(0, r.getInt("accepted"), r.toString());
        assertError(r.getJsonArray("rejected").getJsonObject(0), "organisation", "may report");
    }

    @Test
    void aMalformedReportIsRefusedWhole() {
        Instant now = Instant.now();
        assertFieldError(reporter.withoutContractCheck("malformed JSON is the point")
                .send("POST", REPORT, "application/json", "{\"events\": [", new String[0]), "$", "well-formed");
        assertFieldError(reporter.post(REPORT, "{\"events\":[],\"extra\":1}"), "extra", "not a field");
        assertFieldError(reporter.post(REPORT, "{\"events\":[]}"), "events", "1-1000");
        assertFieldError(reporter.post(REPORT, "{}"), "events", "required");
        assertFieldError(reporter.post(REPORT, "{\"events\":[{\"id\":\"u-1\",\"organisation\":\"" + org
                + "\",\"metric\":\"joins\",\"quantity\":1,\"occurredAt\":\"" + now + "\",\"colour\":\"red\"}]}"),
                "events[0].colour", "not a field");
        List<String> many = IntStream.range(0, 1001).mapToObj(i -> event("many-" + i, org, "joins", "1", now)).toList();
        assertFieldError(reporter.post(REPORT, batch(many)), "events", "1001");
    }

    @Test
    void aLateEventOfAnInvoicedMonthIsBilledInTheOpenPeriod() throws Exception {
        String o = Fixtures.slug("sme-logistics");
        Fixtures.register(o, "SME Logistics s.r.o.");
        Http svc = anonymous.as(tokens.forGroups("service-account-" + o + "-ci", "/orgs/" + o + "/operator"));
        LocalDate open = YearMonth.now(ZoneOffset.UTC).atDay(1);
        Instant lastMonth = open.minusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC);
        LocalDate before;
        try (Connection c = stack.postgres().connect()) {
            try (ResultSet rs = c.createStatement().executeQuery("select closed_through from billing_close")) {
                rs.next();
                before = rs.getObject(1, LocalDate.class);
            }
            setClosedThrough(c, open);
            try {
                JsonObject r = ok(svc.post(REPORT, batch(List.of(event("late-1", o, "data-transferred-gb", "4", lastMonth),
                        event("current-1", o, "data-transferred-gb", "1", Instant.now().minusSeconds(5))))));
                assertEquals(2, r.getInt("accepted"), r.toString());
                assertEquals(1, r.getInt("late"), r.toString());
            } finally {
                setClosedThrough(c, before);
            }
            try (PreparedStatement ps = c.prepareStatement("select billing_period, hour from usage_hourly where organisation = ? "
                    + "and quantity = 4")) {
                ps.setString(1, o);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(open, rs.getObject(1, LocalDate.class), "billed in the open period");
                    assertEquals(lastMonth.truncatedTo(ChronoUnit.HOURS),
                            rs.getObject(2, java.time.OffsetDateTime.class).toInstant(), "in the bucket of its own hour");
                }
            }
        }
        Http admin = anonymous.as(tokens.forGroups("olga", "/orgs/" + o + "/admin"));
        JsonObject page = ok(admin.get("/api/v1/organisations/" + o + "/usage-events?period=" + YearMonth.from(open)));
        List<JsonObject> items = page.getJsonArray("items").getValuesAs(JsonObject.class);
        assertEquals(2, items.size(), page.toString());
        assertEquals("late-1", items.get(0).getString("id"));
        assertTrue(items.get(0).getBoolean("late"));
        assertEquals(0, new BigDecimal("4").compareTo(items.get(0).getJsonNumber("quantity").bigDecimalValue()));
        assertFalse(items.get(1).getBoolean("late"));
        Http.Response csv = admin.get("/api/v1/organisations/" + o + "/usage-events?period=" + YearMonth.from(open) + "&format=csv");
        assertEquals(200, csv.status(), csv.body());
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
        String[] lines = csv.body().split("\r\n");
        assertEquals(3, lines.length, csv.body());
        assertTrue(lines[1].startsWith("late-1,data-transferred-gb,4," + lastMonth + "," + YearMonth.from(open) + ",true"), lines[1]);
    }

    private static void setClosedThrough(Connection c, LocalDate date) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("update billing_close set closed_through = ? where id = 1")) {
            ps.setObject(1, date);
            ps.executeUpdate();
        }
    }

    @Test
    void theExportIsForAdminsOfTheOrganisation() {
        String path = "/api/v1/organisations/" + org + "/usage-events";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ok(reporter.post(REPORT, batch(List.of(event("export-1", org, "joins", "1", now.minusSeconds(2)),
                event("export-2", org, "joins", "1", now.minusSeconds(1))))));
        assertProblem(anonymous.as(tokens.forGroups("petra", "/orgs/" + org + "/viewer")).get(path), 403);
        assertProblem(anonymous.as(tokens.forGroups("novak", "/orgs/" + other + "/admin")).get(path), 404);
        Http admin = anonymous.as(tokens.forGroups("lena", "/orgs/" + org + "/admin"));
        assertFieldError(admin.get(path + "?period=November"), "period", "YYYY-MM");
        JsonObject page = ok(admin.get(path + "?limit=1"));
        assertEquals(1, page.getJsonArray("items").size(), page.toString());
        String next = page.getString("continue");
        JsonObject rest = ok(admin.get(path + "?limit=1000&continue=" + next));
        assertFalse(rest.getJsonArray("items").isEmpty());
        assertTrue(!rest.containsKey("continue") || rest.isNull("continue"), "the last page has no continue: " + rest);
    }

    @Test
    void readyConnectorsAreCountedOnceAnHourWhateverTheNumberOfLooks() throws Exception {
        String o = Fixtures.slug("oem-hours");
        Fixtures.register(o, "OEM Plant Wolfsburg");
        Http operator = anonymous.as(tokens.forGroups("jonas", "/orgs/" + o + "/operator"));
        String cp = "controlplanes.edc.kaphera.io";
        assertEquals(201, operator.post(CustomResourcesIT.path(o, cp), CustomResourcesIT.controlPlane("edc-ready", 1)).status());
        assertEquals(201, operator.post(CustomResourcesIT.path(o, cp), CustomResourcesIT.controlPlane("edc-starting", 1)).status());
        // As the connector operator would report it: Ready for the current generation (cluster admin, status subresource).
        var ready = stack.kubernetes().send("PATCH", "/apis/edc.kaphera.io/v1alpha1/namespaces/kaphera-" + o
                + "/controlplanes/edc-ready/status", "application/merge-patch+json", "{\"status\":{\"observedGeneration\":1,"
                + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"Running\",\"message\":\"answering\","
                + "\"lastTransitionTime\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\"}]}}");
        assertEquals(200, ready.statusCode(), ready.body());
        // A second instance that looks every 2 s (the managed server looks once an hour): many looks, one hour each.
        LibertyServer looking = stack.variant("kaphera-it-usage-hours", Map.of("KAPHERA_BILLING_CONNECTOR_HOURS_INTERVAL_SECONDS", "2"));
        looking.start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (storedEvents(o) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            Thread.sleep(6000); // three more looks
        } finally {
            looking.stop();
        }
        try (Connection c = stack.postgres().connect(); PreparedStatement ps = c.prepareStatement(
                "select e.event_id, e.quantity, h.quantity, h.events from usage_event e join usage_hourly h on h.organisation = "
                        + "e.organisation and h.metric = e.metric and h.billing_period = e.billing_period and h.hour = e.occurred_at "
                        + "where e.organisation = ? order by e.event_id")) {
            ps.setString(1, o);
            try (ResultSet rs = ps.executeQuery()) {
                int n = 0;
                while (rs.next()) {
                    n++;
                    assertTrue(rs.getString(1).startsWith("connector-hours:kaphera-" + o + "/edc-ready:"), rs.getString(1));
                    assertEquals(0, BigDecimal.ONE.compareTo(rs.getBigDecimal(3)), "one hour counted once in its bucket");
                    assertEquals(1, rs.getInt(4));
                }
                assertTrue(n >= 1 && n <= 2, "one event per hour looked at (two if an hour turned meanwhile): " + n);
            }
        }
    }
}
