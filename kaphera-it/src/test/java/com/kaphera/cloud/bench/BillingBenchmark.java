package com.kaphera.cloud.bench;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.LibertyServer;
import com.kaphera.cloud.it.support.Postgres;
import com.kaphera.cloud.it.support.Stack;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * bench/billing, in one run on one machine (the integration harness: real PostgreSQL, real Liberty):
 * <ol>
 * <li>ingestion: CLIENTS clients POST batches of 1,000 new usage events to /api/v1/usage-events, each
 * batch as one organisation's service account, for DURATION seconds after a warm-up; events/s (each
 * event really inserted: the answers' accepted counts are summed and checked), batch latency p50/p99,
 * database size after;</li>
 * <li>the invoice run for 10,000 organisations with 30 days of hourly usage ({@link #invoiceRun}).</li>
 * </ol>
 * Not part of make test (not an *IT); bench/billing/run.sh prints the figures.
 */
class BillingBenchmark {
    private static final int CLIENTS = Integer.getInteger("bench.clients", 4);
    private static final int BATCH = Integer.getInteger("bench.batch", 1000);
    private static final int ORGS = Integer.getInteger("bench.orgs", 10_000);
    private static final int ORGANISATIONS = Integer.getInteger("bench.organisations", 40);
    private static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("bench.seconds", 30));
    private static final Duration WARMUP = Duration.ofSeconds(Integer.getInteger("bench.warmup", 10));
    private static final String[] METRICS = {"data-transferred-gb", "contract-negotiations", "connector-hours"};

    @Test
    void ingestionAndInvoiceRun() throws Exception {
        Stack stack = Stack.get();
        stack.managed().start();
        String run = Long.toString(System.nanoTime() % 1_000_000);
        System.out.println("== bench/billing ==");
        ingestion(stack, run);
        invoiceRun(stack, run);
        System.out.println("== end bench/billing ==");
    }

    /** Phase 1: events per second through the HTTP endpoint. */
    static void ingestion(Stack stack, String run) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI server = stack.managed().baseUri();
        String admin = stack.tokens().platformAdmin();
        List<String> orgs = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < ORGANISATIONS; i++) {
            String slug = "bench-" + run + "-usage-" + i;
            send(http, server, admin, "/api/v1/organisations", "{\"slug\":\"" + slug + "\",\"displayName\":\"Bench " + i + "\"}",
                    201);
            orgs.add(slug);
            tokens.add(stack.tokens().forGroups("service-account-" + slug + "-ci", "/orgs/" + slug + "/operator"));
        }
        long[] warm = load(http, server, orgs, tokens, "w" + run, WARMUP);
        long[] sizeBefore = sizes(stack.postgres());
        long started = System.nanoTime();
        long[] measured = load(http, server, orgs, tokens, "m" + run, MEASURE);
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] size = sizes(stack.postgres());
        System.out.printf("ingestion: %d clients, batches of %d, %d organisations, %.0f s (after %d events of warm-up)%n",
                CLIENTS, BATCH, ORGANISATIONS, seconds, warm[0]);
        System.out.printf("ingestion: %d events accepted in %d batches: %.0f events/s (target >= 15000); "
                + "batch p50 %.1f ms, p99 %.1f ms%n", measured[0], measured[1], measured[0] / seconds,
                measured[2] / 1e6, measured[3] / 1e6);
        System.out.printf("database after: usage_event %d rows, %.1f MB (%.0f bytes/event incl. indexes); usage_hourly %d rows, "
                + "%.1f MB; database %.1f MB (grew %.1f MB during the measurement)%n", size[0], size[1] / 1e6,
                (double) (size[1] - sizeBefore[1]) / Math.max(1, size[0] - sizeBefore[0]), size[2], size[3] / 1e6,
                size[4] / 1e6, (size[4] - sizeBefore[4]) / 1e6);
    }

    /**
     * Phase 2: the invoice run for {@code bench.orgs} organisations (default 10,000), each with its own
     * subscription and 30 days of hourly usage of two metrics (14.4 million hourly buckets at the
     * default), on a database of its own, through one real server: POST the run, then time it until
     * every invoice is issued (target <= 60 s).
     */
    static void invoiceRun(Stack stack, String run) throws Exception {
        Postgres pg = stack.postgres();
        String jdbc = pg.createDatabase("kaphera_billing_run_" + run);
        LibertyServer server = stack.variant("kaphera-bench-billing-run", Map.of("KAPHERA_DB_URL", jdbc,
                "KAPHERA_BILLING_MONTHLY_RUN", "false", "KAPHERA_BILLING_TAX_RATES", "DE:19"));
        server.start();
        try (Connection c = DriverManager.getConnection(jdbc, Postgres.USER, Postgres.PASSWORD); Statement s = c.createStatement()) {
            Instant seeding = Instant.now();
            s.execute("insert into organisation (id, slug, display_name, namespace, created_at, updated_at) select gen_random_uuid(), "
                    + "'bench-org-' || o, 'Bench Org ' || o || ' GmbH', 'kaphera-bench-org-' || o, now(), now() "
                    + "from generate_series(1, " + ORGS + ") o");
            s.execute("insert into billing_plan (id, code, plan_version, display_name, deployment_model, currency, monthly_fee, prices, "
                    + "created_at, created_by) values ('00000000-0000-0000-0000-00000000b111', 'bench-sme', 1, 'SME shared', "
                    + "'shared-managed', 'EUR', 300, '{\"data-transferred-gb\":{\"included\":100,\"tiers\":[{\"upTo\":1000,"
                    + "\"unitPrice\":0.10},{\"upTo\":null,\"unitPrice\":0.05}]},\"connector-hours\":{\"included\":720,"
                    + "\"unitPrice\":0.05}}', now(), 'bench')");
            s.execute("insert into billing_subscription (id, organisation, country, starts_on, created_at, created_by, updated_at) "
                    + "select gen_random_uuid(), slug, 'DE', date '2026-01-01', now(), 'bench', now() from organisation "
                    + "where slug like 'bench-org-%'");
            s.execute("insert into billing_subscription_plan (subscription_id, valid_from, plan_id, created_at, created_by) "
                    + "select id, date '2026-01-01', '00000000-0000-0000-0000-00000000b111', now(), 'bench' from billing_subscription");
            s.execute("insert into usage_hourly (organisation, metric, billing_period, hour, quantity, events) "
                    + "select 'bench-org-' || o, m, date '2026-11-01', timestamptz '2026-11-01 00:00:00+00' + h * interval '1 hour', "
                    + "case when m = 'connector-hours' then 1 else 2.5 end, 1 "
                    + "from generate_series(1, " + ORGS + ") o, generate_series(0, 719) h, "
                    + "unnest(array['connector-hours', 'data-transferred-gb']) m");
            s.execute("analyze");
            System.out.printf("== bench/billing invoice run: %d organisations, %d hourly buckets (seeded in %d s) ==%n", ORGS,
                    ORGS * 720L * 2, Duration.between(seeding, Instant.now()).toSeconds());
            Http admin = new Http(server.baseUri()).as(stack.tokens().platformAdmin());
            Instant start = Instant.now();
            Http.Response r = admin.post("/api/v1/billing/runs", "{\"period\":\"2026-11\"}");
            if (r.status() != 202) {
                throw new AssertionError(r.toString());
            }
            String runPath = "/api/v1/billing/runs/" + r.json().getString("id");
            JsonObject view;
            while (true) {
                view = admin.get(runPath).json();
                if ("finished".equals(view.getString("state"))) {
                    break;
                }
                if (Duration.between(start, Instant.now()).toMinutes() > 15) {
                    throw new AssertionError("run not finished after 15 min: " + view);
                }
                Thread.sleep(250);
            }
            double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
            long invoices = scalar(s, "select count(*) from invoice");
            long lines = scalar(s, "select count(*) from invoice_line");
            System.out.printf("invoice run: %d invoices (%d lines) in %.1f s = %.0f invoices/s (target: %d in <= 60 s)%n",
                    invoices, lines, seconds, invoices / seconds, ORGS);
            System.out.printf("summary: %s%n", view.getJsonObject("summary").getJsonObject("totals"));
            System.out.printf("database size: %d MB (usage_hourly %d MB, invoices and lines %d MB)%n",
                    scalar(s, "select pg_database_size(current_database())") / 1_048_576,
                    scalar(s, "select pg_total_relation_size('usage_hourly')") / 1_048_576,
                    (scalar(s, "select pg_total_relation_size('invoice')") + scalar(s, "select pg_total_relation_size('invoice_line')"))
                            / 1_048_576);
        } finally {
            server.stop();
        }
    }

    private static long scalar(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }


    /** {events accepted, batches, p50 ns, p99 ns}; client c reports for organisations c, c+CLIENTS, … in turn. */
    private static long[] load(HttpClient http, URI server, List<String> orgs, List<String> tokens, String prefix,
            Duration duration) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<long[]>> results = new ArrayList<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Instant base = Instant.now().minus(23, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            results.add(pool.submit(() -> {
                long accepted = 0;
                long batches = 0;
                for (int n = 0; !stop.get(); n++) {
                    int o = (client + CLIENTS * n) % orgs.size();
                    String body = batch(orgs.get(o), prefix + "-" + client + "-" + n, base, n);
                    long t0 = System.nanoTime();
                    String answer = send(http, server, tokens.get(o), "/api/v1/usage-events", body, 200);
                    latencies.add(System.nanoTime() - t0);
                    JsonObject r = Json.createReader(new StringReader(answer)).readObject();
                    if (r.getInt("accepted") != BATCH || !r.getJsonArray("rejected").isEmpty()) {
                        throw new IllegalStateException("not every event was accepted: " + answer);
                    }
                    accepted += r.getInt("accepted");
                    batches++;
                }
                return new long[] {accepted, batches};
            }));
        }
        Thread.sleep(duration.toMillis());
        stop.set(true);
        long accepted = 0;
        long batches = 0;
        for (Future<long[]> f : results) {
            long[] r = f.get();
            accepted += r[0];
            batches += r[1];
        }
        pool.shutdown();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new long[] {accepted, batches, sorted.get(sorted.size() / 2), sorted.get(Math.min(sorted.size() - 1,
                (int) Math.ceil(sorted.size() * 0.99) - 1))};
    }

    /** One batch of a data plane's report: new ids, three metrics, spread over the last day's hours. */
    static String batch(String org, String prefix, Instant base, int n) {
        StringBuilder b = new StringBuilder(BATCH * 170).append("{\"events\":[");
        for (int i = 0; i < BATCH; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"id\":\"").append(prefix).append('-').append(i).append("\",\"organisation\":\"").append(org)
                    .append("\",\"metric\":\"").append(METRICS[i % METRICS.length]).append("\",\"quantity\":")
                    .append(i % 7 + 0.25).append(",\"occurredAt\":\"").append(base.plusSeconds((n * 37L + i * 61L) % 82_800))
                    .append("\",\"subject\":\"edc-dataplane-").append(i % 4).append("\"}");
        }
        return b.append("]}").toString();
    }

    /** {usage_event rows, usage_event bytes, usage_hourly rows, usage_hourly bytes, database bytes}. */
    private static long[] sizes(Postgres pg) throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select (select count(*) from usage_event), pg_total_relation_size('usage_event'), "
                        + "(select count(*) from usage_hourly), pg_total_relation_size('usage_hourly'), "
                        + "pg_database_size(current_database())")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)};
        }
    }

    private static String send(HttpClient http, URI server, String token, String path, String body, int expected)
            throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
