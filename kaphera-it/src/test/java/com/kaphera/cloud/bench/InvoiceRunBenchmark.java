package com.kaphera.cloud.bench;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.LibertyServer;
import com.kaphera.cloud.it.support.Postgres;
import com.kaphera.cloud.it.support.Stack;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * bench/billing, second half: the invoice run for {@code bench.orgs} organisations (default 10,000),
 * each with its own subscription and 30 days of hourly usage of two metrics (14.4 million hourly
 * buckets at the default), on a database of its own, through one real server: POST the run, then time
 * it until every invoice is issued (target ≤ 60 s). Prints the database size. Not part of make test.
 */
class InvoiceRunBenchmark {
    private static final int ORGS = Integer.getInteger("bench.orgs", 10_000);

    @Test
    void anInvoiceRunForTenThousandOrganisations() throws Exception {
        Stack stack = Stack.get();
        Postgres pg = stack.postgres();
        String jdbc = pg.createDatabase("kaphera_billing_run_bench");
        LibertyServer server = stack.variant("kaphera-bench-billing", Map.of("KAPHERA_DB_URL", jdbc,
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
            String run = "/api/v1/billing/runs/" + r.json().getString("id");
            JsonObject view;
            while (true) {
                view = admin.get(run).json();
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
}
