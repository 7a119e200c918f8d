package com.kaphera.cloud.bench;

import com.kaphera.cloud.audit.chain.AuditRecord;
import com.kaphera.cloud.it.support.LibertyServer;
import com.kaphera.cloud.it.support.Postgres;
import com.kaphera.cloud.it.support.Stack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * bench/audit, in one run on one machine:
 * <ol>
 * <li>entries per second appended to the chain (per-organisation advisory lock, head read, SHA-256 over
 * the RFC 8785 form with the chain's own code, insert; one transaction per entry, as the server's
 * AuditTrail does) versus a plain INSERT of the same rows into a table of the same shape and indexes,
 * 8 writers, one organisation and 100 organisations, as the server's database role;</li>
 * <li>what the audit log adds to a mutating request end to end: PATCH of an organisation through a
 * server with the audit log on versus one with it off (same database), throughput with 8 clients
 * and p50/p99 with one.</li>
 * </ol>
 * Not part of make test (not an *IT); bench/audit/run.sh prints the figures.
 */
class AuditBenchmark {
    private static final int WRITERS = Integer.getInteger("bench.threads", 8);
    private static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("bench.seconds", 10));
    private static final Duration WARMUP = Duration.ofSeconds(Integer.getInteger("bench.warmup", 5));
    private static final AuditRecord.Actor ACTOR = new AuditRecord.Actor("0b9c-bench", "jonas", "kaphera-console",
            List.of("operator"), false);

    @Test
    void chainedAppendsVersusPlainInsertsAndTheCostPerRequest() throws Exception {
        Stack stack = Stack.get();
        stack.managed().start(); // migrated schema
        Postgres pg = stack.postgres();
        try (Connection owner = pg.connect(); Statement s = owner.createStatement()) {
            s.execute("DROP TABLE IF EXISTS audit_bench_plain");
            s.execute("CREATE TABLE audit_bench_plain (LIKE audit_entry INCLUDING ALL)");
            s.execute("GRANT SELECT, INSERT ON audit_bench_plain TO " + Postgres.APP_USER);
        }
        String run = Long.toString(System.nanoTime() % 1_000_000);
        System.out.println("== bench/audit: " + WRITERS + " writers, " + MEASURE.toSeconds() + " s per case ==");
        for (int orgs : new int[] {1, 100}) {
            measureAppends(pg, "bench-" + run + "-w" + orgs, orgs, WARMUP, true);
            double chained = measureAppends(pg, "bench-" + run + "-c" + orgs, orgs, MEASURE, true);
            double plain = measureAppends(pg, "bench-" + run + "-p" + orgs, orgs, MEASURE, false);
            System.out.printf("database, %3d organisation(s): chained %.0f entries/s, plain INSERT %.0f rows/s, "
                    + "ratio %.2f (target >= 0.50)%n", orgs, chained, plain, chained / plain);
        }
        measureRequests(stack, run);
    }

    /** Entries per second, {@code WRITERS} threads, each a connection of the server's role. */
    private static double measureAppends(Postgres pg, String prefix, int orgs, Duration duration, boolean chained)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        Map<String, AtomicLong> plainSequences = new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), Postgres.APP_USER, Postgres.APP_PASSWORD)) {
                    c.setAutoCommit(false);
                    PreparedStatement lock = c.prepareStatement(
                            "select pg_advisory_xact_lock(hashtext('kaphera.audit'), hashtext(?))");
                    PreparedStatement head = c.prepareStatement(
                            "select sequence, hash from audit_entry where organisation = ? order by sequence desc limit 1");
                    PreparedStatement chainInsert = c.prepareStatement(insert("audit_entry"));
                    PreparedStatement plainInsert = c.prepareStatement(insert("audit_bench_plain"));
                    while (!stop.get()) {
                        String org = prefix + "-" + ThreadLocalRandom.current().nextInt(orgs);
                        AuditRecord entry;
                        if (chained) {
                            lock.setString(1, org);
                            lock.executeQuery().close();
                            head.setString(1, org);
                            long seq = 1;
                            String previous = AuditRecord.GENESIS;
                            try (ResultSet rs = head.executeQuery()) {
                                if (rs.next()) {
                                    seq = rs.getLong(1) + 1;
                                    previous = rs.getString(2).strip();
                                }
                            }
                            entry = record(org, seq).linkedAfter(previous);
                            bind(chainInsert, entry).executeUpdate();
                        } else {
                            long seq = plainSequences.computeIfAbsent(org, k -> new AtomicLong()).incrementAndGet();
                            entry = record(org, seq);
                            String hash = HexFormat.of().formatHex(new byte[32]);
                            bind(plainInsert, new AuditRecord(entry.organisation(), seq, entry.occurredAt(), ACTOR,
                                    entry.operation(), entry.targetKind(), entry.targetId(), entry.outcome(), entry.status(),
                                    entry.change(), entry.summary(), entry.requestId(), entry.sourceAddress(), hash, hash))
                                    .executeUpdate();
                        }
                        c.commit();
                        done.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        long start = System.nanoTime();
        Thread.sleep(duration.toMillis());
        stop.set(true);
        for (Future<?> w : writers) {
            w.get();
        }
        pool.shutdown();
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static AuditRecord record(String org, long seq) {
        return new AuditRecord(org, seq, AuditRecord.time(Instant.now()), ACTOR, "resource.patch", "ControlPlane",
                "edc-main", "success", 200, "{\"spec.replicas\":{\"from\":1,\"to\":2}}",
                "jonas (operator, OEM Frankfurt) changed control plane 'edc-main': replicas 1 → 2",
                "req-" + seq, "127.0.0.1", null, null);
    }

    private static String insert(String table) {
        return "insert into " + table + " (organisation, sequence, occurred_at, actor_subject, actor_name, actor_client, "
                + "actor_roles, actor_system, operation, target_kind, target_id, outcome, status, change, summary, "
                + "request_id, source_address, previous_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    private static PreparedStatement bind(PreparedStatement p, AuditRecord e) throws java.sql.SQLException {
        p.setString(1, e.organisation());
        p.setLong(2, e.sequence());
        p.setTimestamp(3, Timestamp.from(Instant.now()));
        p.setString(4, e.actor().subject());
        p.setString(5, e.actor().name());
        p.setString(6, e.actor().clientId());
        p.setString(7, String.join(",", e.actor().roles()));
        p.setBoolean(8, e.actor().system());
        p.setString(9, e.operation());
        p.setString(10, e.targetKind());
        p.setString(11, e.targetId());
        p.setString(12, e.outcome());
        p.setInt(13, e.status());
        p.setString(14, e.change());
        p.setString(15, e.summary());
        p.setString(16, e.requestId());
        p.setString(17, e.sourceAddress());
        p.setString(18, e.previousHash());
        p.setString(19, e.hash());
        return p;
    }

    /** PATCH of an organisation through a server with the audit log on versus off. */
    private static void measureRequests(Stack stack, String run) throws Exception {
        LibertyServer off = stack.variant("kaphera-bench-audit-off", Map.of("KAPHERA_FEATURES_AUDIT_ENABLED", "false"));
        off.start();
        try {
            String admin = stack.tokens().platformAdmin();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<String> orgs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String slug = "bench-" + run + "-org-" + i;
                send(http, stack.managed().baseUri(), admin, "POST", "/api/v1/organisations",
                        "{\"slug\":\"" + slug + "\",\"displayName\":\"Bench " + i + "\"}", 201);
                orgs.add(slug);
            }
            for (URI server : List.of(stack.managed().baseUri(), off.baseUri())) {
                patches(http, server, admin, orgs, WRITERS, WARMUP);
            }
            double[] on = patches(http, stack.managed().baseUri(), admin, orgs, WRITERS, MEASURE);
            double[] without = patches(http, off.baseUri(), admin, orgs, WRITERS, MEASURE);
            double[] onOne = patches(http, stack.managed().baseUri(), admin, orgs, 1, MEASURE);
            double[] withoutOne = patches(http, off.baseUri(), admin, orgs, 1, MEASURE);
            System.out.printf("request, PATCH organisation, %d clients: audit on %.0f req/s, off %.0f req/s, ratio %.2f%n",
                    WRITERS, on[0], without[0], on[0] / without[0]);
            System.out.printf("request, one client: p50 %.2f ms on / %.2f ms off, p99 %.2f ms on / %.2f ms off, "
                    + "p99 added %.2f ms%n", onOne[1], withoutOne[1], onOne[2], withoutOne[2], onOne[2] - withoutOne[2]);
        } finally {
            off.stop();
        }
    }

    /** {throughput, p50 ms, p99 ms}; client i patches organisations i, i+clients, ... (no conflicts). */
    private static double[] patches(HttpClient http, URI server, String token, List<String> orgs, int clients,
            Duration duration) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            results.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                int n = 0;
                while (!stop.get()) {
                    String org = orgs.get((client + clients * (n % (orgs.size() / clients))) % orgs.size());
                    long t0 = System.nanoTime();
                    send(http, server, token, "PATCH", "/api/v1/organisations/" + org,
                            "{\"displayName\":\"Bench " + n++ + "\"}", 200);
                    latencies.add(System.nanoTime() - t0);
                }
                return latencies;
            }));
        }
        long start = System.nanoTime();
        Thread.sleep(duration.toMillis());
        stop.set(true);
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> r : results) {
            all.addAll(r.get());
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        return new double[] {all.size() / seconds, sorted[sorted.length / 2] / 1e6,
            sorted[(int) Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)] / 1e6};
    }

    private static void send(HttpClient http, URI server, String token, String method, String path, String body,
            int expected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.resolve(path)).method(method,
                        HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "PATCH".equals(method) ? "application/merge-patch+json" : "application/json")
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
    }
}
