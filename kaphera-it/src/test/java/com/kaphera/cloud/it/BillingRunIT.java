package com.kaphera.cloud.it;

import static com.kaphera.cloud.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.LibertyServer;
import com.kaphera.cloud.it.support.Stack;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monthly invoice run on a database of its own (nothing else bills there): one invoice per
 * subscription and month whatever happens — a rerun, two servers running the same month, a server
 * halted mid-run — with gap-free numbers, late usage as adjustments, parked subscriptions, credit notes
 * instead of edits, and invoices readable only by the organisation's admins. Each test bills its own
 * month, so that their subscriptions do not meet. Plans, subscriptions and usage are written with SQL
 * here (their own ITs cover their APIs); the run and the invoices are driven through the API.
 */
class BillingRunIT {
    private static final Map<String, String> ENV = Map.of("KAPHERA_BILLING_MONTHLY_RUN", "false",
            "KAPHERA_BILLING_CHECK_SECONDS", "3600", "KAPHERA_BILLING_LEASE_SECONDS", "10", "KAPHERA_BILLING_TAX_RATES", "DE:19,CZ:21",
            "KAPHERA_JOIN_POLL_MILLIS", "0");
    private static final String SME_PRICES = "{\"data-transferred-gb\":{\"included\":100,\"tiers\":[{\"upTo\":1000,\"unitPrice\":0.10},"
            + "{\"upTo\":null,\"unitPrice\":0.05}]},\"connector-hours\":{\"included\":720,\"unitPrice\":0.05}}";

    private static JoinBed bed;
    private static LibertyServer server;
    private static URI uri;
    private static UUID smePlan;

    @BeforeAll
    static void start() throws Exception {
        bed = new JoinBed("kaphera_billing", ENV);
        server = bed.primary("kaphera-it-billing", Map.of());
        server.start();
        uri = server.baseUri();
        smePlan = plan("sme", "300.00", SME_PRICES);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aRunBillsEachSubscriptionOnceLineByLineAndOnlyAdminsReadTheInvoice() throws Exception {
        String org = bed.organisation(uri, "sme-billed");
        String other = bed.organisation(uri, "sme-other");
        // Joined on 16 June: 15 of 30 days = 150.00; 1,200 GB of which 50 included (prorated): 1,000 at 0.10 and 150 at 0.05 = 107.50.
        subscribe(org, null, "DE", "2026-06-16", "2026-07-01", null, smePlan);
        usage(org, "data-transferred-gb", "2026-06-01", "2026-06-20T10:00:00Z", "1200");
        // The tier-1's two legal entities on one invoice.
        String account = Fixtures.slug("tier1");
        assertEquals(201, bed.platformAdmin(uri).post("/api/v1/customer-accounts", "{\"slug\":\"" + account + "\",\"displayName\":"
                + "\"Tier-1 Group\"}").status());
        String de = bed.organisation(uri, "tier1-de");
        String cz = bed.organisation(uri, "tier1-cz");
        for (String o : List.of(de, cz)) {
            assertEquals(200, bed.platformAdmin(uri).patch("/api/v1/organisations/" + o, "{\"customerAccount\":\"" + account + "\"}")
                    .status());
        }
        subscribe(null, account, "CZ", "2026-06-01", "2026-07-01", null, smePlan);
        usage(de, "connector-hours", "2026-06-01", "2026-06-02T00:00:00Z", "500");
        usage(cz, "connector-hours", "2026-06-01", "2026-06-02T00:00:00Z", "500");

        JsonObject run = runAndWait("2026-06");
        assertEquals(2, run.getJsonObject("summary").getInt("invoices"), run.toString());
        assertBillingMBean();

        JsonObject list = bed.admin(uri, org).get("/api/v1/organisations/" + org + "/invoices").json();
        assertEquals(1, list.getJsonArray("items").size(), list.toString());
        JsonObject invoice = bed.admin(uri, org).get("/api/v1/organisations/" + org + "/invoices/"
                + list.getJsonArray("items").getJsonObject(0).getString("id")).json();
        assertEquals("issued", invoice.getString("state"));
        assertTrue(invoice.getString("number").matches("INV-2026-\\d{6}"), invoice.toString());
        assertEquals("150.00", lineAmount(invoice, "fee"), invoice.toString());
        assertEquals("257.50", invoice.getString("subtotal"), invoice.toString());
        assertEquals("48.92", invoice.getString("tax")); // 48.925, half-even
        assertEquals("306.42", invoice.getString("total"));
        String id = invoice.getString("id");

        // CSV and HTML of the same invoice.
        Http.Response csv = bed.admin(uri, org).get("/api/v1/organisations/" + org + "/invoices/" + id + "?format=csv");
        assertEquals(200, csv.status(), csv.body());
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
        assertTrue(csv.body().contains(",total,") && csv.body().contains("306.42"), csv.body());
        Http.Response html = bed.admin(uri, org).get("/api/v1/organisations/" + org + "/invoices/" + id + "?format=html");
        assertTrue(html.body().contains("<strong>306.42</strong>"), html.body());

        // The account's invoice: both organisations' hours, one invoice, seen by either admin.
        JsonObject accountInvoice = bed.admin(uri, cz).get("/api/v1/organisations/" + cz + "/invoices").json().getJsonArray("items")
                .getJsonObject(0);
        // The fee, and 1,000 hours of which 720 are included: 280 × 0.05 = 14.00; Czech tax 21 %.
        assertEquals("314.00", accountInvoice.getString("subtotal"), accountInvoice.toString());
        assertEquals("65.94", accountInvoice.getString("tax"), accountInvoice.toString());
        assertEquals(accountInvoice.getString("id"), bed.admin(uri, de).get("/api/v1/organisations/" + de + "/invoices").json()
                .getJsonArray("items").getJsonObject(0).getString("id"));

        // Viewers see the preview, not invoices; another organisation's admin does not see it exists.
        Http viewer = new Http(uri).as(Stack.get().tokens().forGroups("vera", "/orgs/" + org + "/viewer"));
        assertProblem(viewer.get("/api/v1/organisations/" + org + "/invoices"), 403);
        assertProblem(viewer.get("/api/v1/organisations/" + org + "/invoices/" + id), 403);
        assertProblem(bed.admin(uri, other).get("/api/v1/organisations/" + other + "/invoices/" + id), 404);
        assertProblem(bed.admin(uri, other).get("/api/v1/organisations/" + org + "/invoices/" + id), 404);
        assertEquals(0, bed.admin(uri, other).get("/api/v1/organisations/" + other + "/invoices").json().getJsonArray("items").size());
        Http support = new Http(uri).as(Stack.get().tokens().forGroups("sam", "/platform/support"));
        assertEquals(200, support.get("/api/v1/billing/invoices/" + id).status());
        assertProblem(support.post("/api/v1/billing/runs", "{\"period\":\"2026-06\"}"), 403);

        // A rerun adds nothing; a dry run of a billed month would bill nothing more.
        JsonObject rerun = runAndWait("2026-06");
        assertEquals(0, rerun.getJsonObject("summary").getInt("invoices"), rerun.toString());
        assertEquals(2, count("select count(*) from invoice where period_start = '2026-06-01'"));
        Http.Response dry = bed.platformAdmin(uri).post("/api/v1/billing/runs", "{\"period\":\"2026-06\",\"dryRun\":true}");
        assertEquals(200, dry.status(), dry.body());
        assertEquals(0, dry.json().getJsonObject("summary").getInt("invoices"), dry.body());
        assertNumbersHaveNoGaps();
    }

    @Test
    void aDryRunBillsNothingAndAMonthThatHasNotEndedIsRefused() throws Exception {
        String org = bed.organisation(uri, "sme-dry");
        subscribe(org, null, "DE", "2026-07-01", "2026-08-01", null, smePlan);
        Http.Response dry = bed.platformAdmin(uri).post("/api/v1/billing/runs", "{\"period\":\"2026-07\",\"dryRun\":true}");
        assertEquals(200, dry.status(), dry.body());
        assertEquals(1, dry.json().getJsonObject("summary").getInt("invoices"), dry.body());
        assertEquals("357.00", dry.json().getJsonObject("summary").getJsonObject("totals").getString("EUR"), dry.body());
        assertEquals(0, count("select count(*) from invoice where period_start = '2026-07-01'"));
        Problems.assertFieldError(bed.platformAdmin(uri).post("/api/v1/billing/runs", "{\"period\":\"2099-01\"}"), "period", "ended");
        Problems.assertFieldError(bed.platformAdmin(uri).post("/api/v1/billing/runs", "{\"period\":\"June\"}"), "period", "month");
        assertProblem(bed.platformAdmin(uri).post("/api/v1/billing/runs", "{\"period\":\"2026-07\",\"extra\":1}"), 400);
    }

    @Test
    void twoServersRunningTheSameMonthIssueOneInvoiceEach() throws Exception {
        List<String> orgs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String org = "twin-" + i + "-" + Fixtures.slug("b").substring(2, 8);
            insertOrganisation(org);
            subscribe(org, null, "DE", "2026-05-01", "2026-06-01", null, smePlan);
            orgs.add(org);
        }
        LibertyServer second = bed.server("kaphera-it-billing-2", Map.of("KAPHERA_BILLING_CHUNK", "7"));
        second.start();
        try {
            CompletableFuture<Http.Response> a = CompletableFuture.supplyAsync(() -> bed.platformAdmin(uri)
                    .post("/api/v1/billing/runs", "{\"period\":\"2026-05\"}"));
            CompletableFuture<Http.Response> b = CompletableFuture.supplyAsync(() -> bed.platformAdmin(second.baseUri())
                    .post("/api/v1/billing/runs", "{\"period\":\"2026-05\"}"));
            assertEquals(202, a.get().status(), a.get().body());
            assertEquals(202, b.get().status(), b.get().body());
            awaitCount("select count(*) from invoice where period_start = '2026-05-01' and organisation like 'twin-%'", 60, Duration.ofSeconds(120));
            Thread.sleep(3000); // anything extra would show now
            assertEquals(60, count("select count(*) from invoice where period_start = '2026-05-01' and organisation like 'twin-%'"));
            assertEquals(60, count("select count(distinct subscription_id) from invoice where period_start = '2026-05-01' "
                    + "and organisation like 'twin-%'"));
            assertEquals(0, count("select count(*) from billing_work where period_start = '2026-05-01' and state <> 'done'"));
            assertNumbersHaveNoGaps();
        } finally {
            second.stop();
        }
    }

    @Test
    void aServerHaltedMidRunLeavesTheRestToTheRerunWhichAddsOnlyTheMissingInvoices() throws Exception {
        for (int i = 0; i < 40; i++) {
            String org = "crash-" + i + "-" + Fixtures.slug("b").substring(2, 8);
            insertOrganisation(org);
            subscribe(org, null, "DE", "2026-04-01", "2026-05-01", null, smePlan);
        }
        LibertyServer crashing = bed.server("kaphera-it-billing-crash", Map.of("KAPHERA_BILLING_CHUNK", "10",
                "KAPHERA_BILLING_TEST_CRASH_AFTER_CHUNKS", "1", "KAPHERA_BILLING_CHECK_SECONDS", "3600"));
        crashing.start();
        assertEquals(202, bed.platformAdmin(crashing.baseUri()).post("/api/v1/billing/runs", "{\"period\":\"2026-04\"}").status());
        crashing.awaitHalted(Duration.ofSeconds(60));
        long billedBeforeHalt = count("select count(*) from invoice where period_start = '2026-04-01' and organisation like 'crash-%'");
        // Its first chunk committed (the second of its two threads' chunks perhaps too), the rest is not billed.
        assertTrue(billedBeforeHalt >= 10 && billedBeforeHalt <= 20, "halted after one chunk: " + billedBeforeHalt);
        // The rerun adds only the missing ones, the halted server's leased chunk included once its leases expire (10 s).
        Thread.sleep(11_000);
        assertEquals(202, bed.platformAdmin(uri).post("/api/v1/billing/runs", "{\"period\":\"2026-04\"}").status());
        awaitCount("select count(*) from invoice where period_start = '2026-04-01' and organisation like 'crash-%'", 40, Duration.ofSeconds(90));
        Thread.sleep(3000);
        assertEquals(40, count("select count(distinct subscription_id) from invoice where period_start = '2026-04-01' "
                + "and organisation like 'crash-%'"));
        assertEquals(40, count("select count(*) from invoice where period_start = '2026-04-01' and organisation like 'crash-%'"));
        assertNumbersHaveNoGaps();
    }

    @Test
    void lateUsageOfAnInvoicedMonthIsAnAdjustmentOnTheNextInvoice() throws Exception {
        String org = bed.organisation(uri, "sme-late");
        subscribe(org, null, "DE", "2026-08-01", "2026-10-01", null, smePlan);
        usage(org, "data-transferred-gb", "2026-08-01", "2026-08-10T10:00:00Z", "1050");
        runAndWait("2026-08");
        // Reported after August was invoiced: billed in September (as ingestion files it), priced on top of August's 1,050.
        usage(org, "data-transferred-gb", "2026-09-01", "2026-08-31T23:00:00Z", "100");
        runAndWait("2026-09");
        JsonObject september = invoiceOf(org, "2026-09");
        JsonObject adjustment = september.getJsonArray("lines").getValuesAs(JsonObject.class).stream()
                .filter(l -> l.getString("kind").equals("adjustment")).findFirst().orElseThrow(() -> new AssertionError(september));
        assertEquals("7.50", adjustment.getString("amount"), adjustment.toString()); // 50 at 0.10 + 50 at 0.05
        assertTrue(adjustment.getString("description").contains("August 2026"), adjustment.toString());
    }

    @Test
    void issuedInvoicesAreFrozenAndCorrectedWithCreditNotes() throws Exception {
        String org = bed.organisation(uri, "sme-credit");
        subscribe(org, null, "DE", "2026-03-01", "2026-04-01", null, smePlan);
        runAndWait("2026-03");
        JsonObject invoice = invoiceOf(org, "2026-03");
        String id = invoice.getString("id");
        try (Connection c = bed.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("update invoice set total = 1 where id = '" + id + "'");
            fail("an issued invoice's total changed");
        } catch (SQLException e) {
            assertEquals("55000", e.getSQLState(), e.getMessage());
        }
        Http ops = bed.platformAdmin(uri);
        String path = "/api/v1/billing/invoices/" + id;
        Problems.assertFieldError(ops.post(path + "/credit-notes", "{\"amount\":\"20.00\"}"), "reason", "required");
        Problems.assertFieldError(ops.post(path + "/credit-notes", "{\"reason\":\"too much\",\"amount\":\"9999.00\"}"), "amount",
                "left to credit");
        Http.Response note = ops.post(path + "/credit-notes", "{\"reason\":\"Connector outage 3-5 March\",\"amount\":\"20.00\"}");
        assertEquals(201, note.status(), note.body());
        assertTrue(note.json().getString("number").matches("CN-2026-\\d{6}"), note.body());
        assertEquals("-23.80", note.json().getString("total"), note.body());
        assertProblem(ops.post(path + "/credit-notes", "{\"reason\":\"all of it\"}"), 409);
        assertEquals(1, bed.admin(uri, org).get("/api/v1/organisations/" + org + "/invoices/" + id).json()
                .getJsonArray("creditNotes").size());
        assertEquals("paid", ops.post(path + "/pay", "{}").json().getString("state"));
        assertProblem(ops.post(path + "/void", "{\"reason\":\"issued in error\"}"), 409);
        assertProblem(ops.post(path + "/pay", "{}"), 409);
        assertProblem(ops.post(path + "/issue", ""), 409); // issued long ago: only a draft is issued
        assertProblem(ops.post("/api/v1/billing/invoices/not-an-id/issue", ""), 404);
        assertProblem(ops.get("/api/v1/billing/runs/not-an-id"), 404);
        assertProblem(ops.get("/api/v1/customer-accounts/no-such-account/invoices"), 404);
        Problems.assertFieldError(bed.admin(uri, org).get("/api/v1/organisations/" + org + "/invoices/" + id + "?format=pdf"),
                "format", "json, csv or html");
        assertProblem(bed.admin(uri, org).get("/api/v1/organisations/" + org + "/invoices/" + UUID.randomUUID()), 404);
        assertProblem(bed.admin(uri, org).post(path + "/pay", "{}"), 403);
    }

    @Test
    void aSubscriptionThatCannotBeBilledIsParkedWithItsReasonUntilReleased() throws Exception {
        String org = bed.organisation(uri, "sme-parked");
        // Runs in February but its plan only starts in March (a mistake in its set-up): nothing to bill it by.
        UUID sub = subscribe(org, null, "DE", "2026-02-01", "2026-03-01", null, null);
        planFrom(sub, "2026-03-01", smePlan);
        JsonObject run = runAndWait("2026-02");
        assertEquals(1, run.getJsonObject("summary").getInt("parked"), run.toString());
        JsonObject parked = bed.platformAdmin(uri).get("/api/v1/billing/parked").json();
        assertTrue(parked.toString().contains(sub.toString()) && parked.toString().contains("no plan"), parked.toString());
        planFrom(sub, "2026-02-15", smePlan);
        Http.Response released = bed.platformAdmin(uri).post("/api/v1/billing/parked/" + sub + "/2026-02/release", "");
        assertEquals(200, released.status(), released.body());
        awaitCount("select count(*) from invoice where subscription_id = '" + sub + "'", 1, Duration.ofSeconds(30));
        // 15 to 28 February: 14 of 28 days.
        assertEquals("150.00", invoiceOf(org, "2026-02").getString("subtotal"));
        assertProblem(bed.platformAdmin(uri).post("/api/v1/billing/parked/" + sub + "/2026-02/release", ""), 404);
    }

    // --- helpers ---

    /** The Billing MBean of the bed's server after a run: its figures come from the database and this server. */
    private static void assertBillingMBean() throws Exception {
        String address = java.nio.file.Files.readString(server.serverDir().resolve("logs/state/com.ibm.ws.jmx.local.address")).strip();
        try (javax.management.remote.JMXConnector jmx = javax.management.remote.JMXConnectorFactory.connect(
                new javax.management.remote.JMXServiceURL(address))) {
            javax.management.MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
            javax.management.ObjectName name = new javax.management.ObjectName("com.kaphera.cloud:type=Billing");
            assertTrue((Long) mbeans.getAttribute(name, "InvoicesIssued") >= 2);
            assertTrue(((String) mbeans.getAttribute(name, "LastRunPeriod")).matches("\\d{4}-\\d{2}"));
            javax.management.openmbean.TabularData revenue = (javax.management.openmbean.TabularData) mbeans.getAttribute(name,
                    "RevenueByCurrency");
            assertTrue(revenue.containsKey(new Object[] {"EUR"}), revenue.toString());
        }
    }

    private static JsonObject runAndWait(String period) throws Exception {
        Http.Response started = bed.platformAdmin(uri).post("/api/v1/billing/runs", "{\"period\":\"" + period + "\"}");
        assertEquals(202, started.status(), started.body());
        String path = "/api/v1/billing/runs/" + started.json().getString("id");
        Instant deadline = Instant.now().plusSeconds(60);
        JsonObject run = null;
        while (Instant.now().isBefore(deadline)) {
            run = bed.platformAdmin(uri).get(path).json();
            if ("finished".equals(run.getString("state"))) {
                return run;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run for " + period + " not finished: " + run);
    }

    private static JsonObject invoiceOf(String org, String period) {
        JsonObject list = bed.admin(uri, org).get("/api/v1/organisations/" + org + "/invoices").json();
        String id = list.getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(i -> i.getString("period").equals(period) && i.getString("kind").equals("invoice")).findFirst()
                .orElseThrow(() -> new AssertionError("no invoice for " + period + ": " + list)).getString("id");
        return bed.admin(uri, org).get("/api/v1/organisations/" + org + "/invoices/" + id).json();
    }

    private static String lineAmount(JsonObject invoice, String kind) {
        return invoice.getJsonArray("lines").getValuesAs(JsonObject.class).stream().filter(l -> l.getString("kind").equals(kind))
                .map(l -> new BigDecimal(l.getString("amount"))).reduce(BigDecimal.ZERO, BigDecimal::add).toPlainString();
    }

    /** Every series' numbers of the year run 1..n without a gap or a repeat. */
    private static void assertNumbersHaveNoGaps() throws SQLException {
        try (Connection c = bed.connect(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select number from invoice where number is not null")) {
            Map<String, Set<Integer>> bySeries = new java.util.HashMap<>();
            while (r.next()) {
                String n = r.getString(1);
                String series = n.substring(0, n.lastIndexOf('-'));
                assertTrue(bySeries.computeIfAbsent(series, k -> new HashSet<>()).add(Integer.parseInt(n.substring(n.lastIndexOf('-') + 1))),
                        "number used twice: " + n);
            }
            bySeries.forEach((series, numbers) -> {
                for (int i = 1; i <= numbers.size(); i++) {
                    assertTrue(numbers.contains(i), series + " misses number " + i + " of " + numbers.size());
                }
            });
        }
    }

    private static void awaitCount(String sql, long expected, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        long last = -1;
        while (Instant.now().isBefore(deadline)) {
            last = count(sql);
            if (last >= expected) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(sql + ": " + last + " after " + timeout + ", expected " + expected);
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = bed.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static UUID plan(String code, String fee, String prices) throws SQLException {
        UUID id = UUID.randomUUID();
        update("insert into billing_plan (id, code, plan_version, display_name, deployment_model, currency, monthly_fee, prices, "
                + "created_at, created_by) values (?, ?, 1, 'SME shared', 'shared-managed', 'EUR', ?, ?, now(), 'it')",
                id, Fixtures.slug(code), new BigDecimal(fee), prices);
        return id;
    }

    private static UUID subscribe(String org, String account, String country, String starts, String ends, String trialEnds, UUID plan)
            throws SQLException {
        UUID id = UUID.randomUUID();
        update("insert into billing_subscription (id, organisation, customer_account_id, country, starts_on, ends_on, trial_ends_on, "
                + "created_at, created_by, updated_at) values (?, ?, (select id from customer_account where slug = ?), ?, "
                + "cast(? as date), cast(? as date), cast(? as date), now(), 'it', now())", id, org, account, country, starts, ends, trialEnds);
        if (plan != null) {
            planFrom(id, starts, plan);
        }
        return id;
    }

    private static void planFrom(UUID subscription, String from, UUID plan) throws SQLException {
        update("insert into billing_subscription_plan (subscription_id, valid_from, plan_id, created_at, created_by) "
                + "values (?, cast(? as date), ?, now(), 'it')", subscription, from, plan);
    }

    private static void usage(String org, String metric, String billingPeriod, String hour, String quantity) throws SQLException {
        update("insert into usage_hourly (organisation, metric, billing_period, hour, quantity, events) values (?, ?, cast(? as date), "
                + "cast(? as timestamptz), ?, 1)", org, metric, billingPeriod, hour, new BigDecimal(quantity));
    }

    /** An organisation row without its namespace: enough to be billed (tests of many subscriptions). */
    private static void insertOrganisation(String slug) throws SQLException {
        update("insert into organisation (id, slug, display_name, namespace, created_at, updated_at) values (?, ?, ?, ?, now(), now())",
                UUID.randomUUID(), slug, slug + " GmbH", "kaphera-" + slug);
    }

    private static void update(String sql, Object... args) throws SQLException {
        try (Connection c = bed.connect(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            p.executeUpdate();
        }
    }
}
