package com.kaphera.cloud.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.Governance;
import com.kaphera.cloud.it.JoinBed;
import com.kaphera.cloud.it.support.Config;
import com.kaphera.cloud.it.support.LibertyServer;
import com.kaphera.cloud.it.support.Stack;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * bench/join: the join flow (issue 13) through the real server, the real wallet (EDC IdentityHub), the
 * real kube-apiserver and the dev operator, on the {@link JoinBed}'s database of its own, in one run:
 * <ol>
 * <li><b>real connector</b>: shared-managed joins, sequential, with the harness's normal join settings
 * and the operator starting a real EDC 0.15.1 control plane per join; POST to {@code succeeded}, and
 * each step's duration from its own timestamps;</li>
 * <li><b>platform overhead</b>: the same with status-only connectors (the annotation
 * {@code edc.kaphera.io/dev-connector=status-only}, {@code kaphera.join.connector-check=status}): Ready
 * 200 ms after the ControlPlane is written, so the rest is the platform's own (request, wallet, DCP
 * issuance and delivery, Kubernetes writes, the watch); the credential step split by the issuance's
 * own timestamps; GET /api/v1/me as the reference;</li>
 * <li><b>throughput</b>: {@code bench.joins} joins of as many organisations submitted at once by
 * {@code bench.clients} clients, status-only; every join must succeed exactly once (one join.step audit
 * entry per step and join, one credential issuance per join, one ControlPlane per namespace); joins/s
 * from the first POST to the last join finished; CPU of every process of the stack from /proc, the
 * database's sessions from pg_stat_activity, and a JFR profile of Liberty meanwhile.</li>
 * </ol>
 * Setting up organisations (registration, namespaces) is timed apart and never part of a figure.
 * Not part of make test (not an *IT); bench/join/run.sh prints the figures.
 */
class JoinBenchmark {
    private static final int REAL_RUNS = Integer.getInteger("bench.real-runs", 5);
    private static final int OVERHEAD_RUNS = Integer.getInteger("bench.overhead-runs", 30);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 5);
    private static final int JOINS = Integer.getInteger("bench.joins", 1000);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 32);
    /** Server counts for the throughput phase, e.g. "1,2": one run each, with fresh organisations. */
    private static final String SERVERS = System.getProperty("bench.servers", "1");
    private static final String WORKERS = System.getProperty("bench.workers", "32");
    private static final String POLL_MILLIS = System.getProperty("bench.poll-millis", "100");
    private static final String DELIVERY_POLL_MILLIS = System.getProperty("bench.delivery-poll-millis", "100");
    private static final String DB_POOL = System.getProperty("bench.db-pool", "40");
    private static final boolean PROFILE = Boolean.parseBoolean(System.getProperty("bench.profile", "true"));
    private static final Duration THROUGHPUT_TIMEOUT = Duration.ofSeconds(Long.getLong("bench.timeout-seconds", 600));
    private static final List<String> STEPS = List.of("request", "identity", "credential", "connector", "ready");
    private static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36, 36L * 36 * 36 * 36), 36);

    static {
        Locale.setDefault(Locale.ROOT); // decimal points in the printed figures
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Stack stack = Stack.get();
    private JoinBed bed;
    private String dataspace;
    private long bpnlSequence = ThreadLocalRandom.current().nextLong(100_000_000_000L, 800_000_000_000L);

    @Test
    void joinsWithARealConnectorWithStatusOnlyConnectorsAndAThousandAtOnce() throws Exception {
        bed = new JoinBed("kaphera_bench_join", Map.of());
        System.out.printf("%n== bench/join: %d cores, load average %s at start; PostgreSQL with fsync=off (harness)%n",
                Runtime.getRuntime().availableProcessors(), loadAverage());

        if (REAL_RUNS > 0) {
            LibertyServer real = bed.primary("kaphera-bench-join-real", Map.of());
            real.start();
            dataspace = bed.dataspace(real.baseUri(), Governance.pilotProfile(true, Governance.bpnl()));
            realConnectors(real);
            real.stop();
        }

        Map<String, String> statusOnly = statusOnlySettings();
        LibertyServer primary = bed.primary("kaphera-bench-join-status", statusOnly);
        primary.start();
        if (dataspace == null) {
            dataspace = bed.dataspace(primary.baseUri(), Governance.pilotProfile(true, Governance.bpnl()));
        }
        if (OVERHEAD_RUNS > 0) {
            overhead(primary);
        }

        List<Integer> serverCounts = Arrays.stream(SERVERS.split(",")).map(String::strip).map(Integer::valueOf).toList();
        List<LibertyServer> servers = new ArrayList<>(List.of(primary));
        try {
            for (int count : serverCounts) {
                while (servers.size() < count) {
                    LibertyServer more = bed.server("kaphera-bench-join-status-" + (servers.size() + 1), statusOnly);
                    more.start();
                    servers.add(more);
                }
                throughput(servers.subList(0, count));
            }
        } finally {
            for (LibertyServer s : servers) {
                s.stop();
            }
            System.out.printf("load average %s at the end%n== end bench/join%n", loadAverage());
        }
    }

    /** The throughput run's settings (also the overhead run's, so that both describe one configuration). */
    private static Map<String, String> statusOnlySettings() {
        return Map.of("KAPHERA_JOIN_CONNECTOR_ANNOTATIONS", "edc.kaphera.io/dev-connector=status-only",
                "KAPHERA_JOIN_CONNECTOR_CHECK", "status",
                "KAPHERA_JOIN_WORKERS", WORKERS,
                "KAPHERA_JOIN_POLL_MILLIS", POLL_MILLIS,
                "KAPHERA_DCP_DELIVERY_POLL_MILLIS", DELIVERY_POLL_MILLIS,
                "KAPHERA_DB_POOL_MAX", DB_POOL,
                // The production default (the harness's 3 make a wallet that is down fail fast in tests).
                "KAPHERA_DCP_DELIVERY_ATTEMPTS", "10",
                // A thousand joins at once on 2 cores: an attempt may take longer than the harness's 15 s.
                "KAPHERA_JOIN_LEASE_SECONDS", "60");
    }

    // ---------------------------------------------------------------- 1. real connectors

    private void realConnectors(LibertyServer server) throws Exception {
        System.out.printf("%n-- 1. real connector: %d sequential shared-managed joins (+1 first, cold, not counted), "
                + "harness join settings (workers 8, poll 200 ms, DCP delivery poll 200 ms, ready watch 5 s per attempt), "
                + "dev operator in real-connector mode%n", REAL_RUNS);
        List<String> orgs = new ArrayList<>();
        List<Join> joins = new ArrayList<>();
        for (int i = 0; i <= REAL_RUNS; i++) {
            String org = organisations(server.baseUri(), "rc", 1).get(0);
            stack.kubernetes().onboard(org);
            orgs.add(org);
            Join j = joinAndAwait(server.baseUri(), org, Duration.ofSeconds(180), 100);
            if (i == 0) {
                System.out.printf("   first join (cold server, first connector): %.2f s%n", j.serverSeconds());
            } else {
                joins.add(j);
            }
        }
        printJoins(joins, false);
        System.out.printf("   target <= 15 s per join: %s (max %.2f s)%n", max(joins, Join::serverSeconds) <= 15 ? "met" : "NOT met",
                max(joins, Join::serverSeconds));
        // The real connectors would go on using memory and CPU during the next phases.
        for (String org : orgs) {
            stack.kubernetes().kubectl("delete", "controlplanes.edc.kaphera.io", "--all", "-n", "kaphera-" + org, "--wait=false");
        }
    }

    // ---------------------------------------------------------------- 2. platform overhead

    private void overhead(LibertyServer server) throws Exception {
        System.out.printf("%n-- 2. platform overhead: %d sequential joins after %d warm-up, status-only connectors "
                + "(operator marks Ready after 200 ms), workers %s, poll %s ms, DCP delivery poll %s ms, DB pool %s%n",
                OVERHEAD_RUNS, WARMUP, WORKERS, POLL_MILLIS, DELIVERY_POLL_MILLIS, DB_POOL);
        List<String> orgs = organisations(server.baseUri(), "po", WARMUP + OVERHEAD_RUNS);
        long onboardStart = System.nanoTime();
        for (String org : orgs) {
            stack.kubernetes().onboard(org); // one kubectl each, as the integration tests do
        }
        double onboardEach = (System.nanoTime() - onboardStart) / 1e6 / orgs.size();
        List<Join> joins = new ArrayList<>();
        for (int i = 0; i < orgs.size(); i++) {
            Join j = joinAndAwait(server.baseUri(), orgs.get(i), Duration.ofSeconds(60), 20);
            if (i >= WARMUP) {
                joins.add(j);
            }
        }
        printJoins(joins, true);
        double p95 = percentile(joins.stream().mapToDouble(Join::serverSeconds).toArray(), 0.95);
        System.out.printf("   target p95 <= 1 s: %s (p95 %.3f s)%n", p95 <= 1.0 ? "met" : "NOT met", p95);

        // Where the credential step's time goes: the issuance's own timestamps.
        List<double[]> split = new ArrayList<>();
        try (Connection c = bed.connect(); PreparedStatement q = c.prepareStatement(
                "select created_at, delivered_at from credential_issuance where holder_pid = ?")) {
            for (Join j : joins) {
                q.setString(1, "join-" + j.id);
                try (ResultSet rs = q.executeQuery()) {
                    assertTrue(rs.next(), "an issuance for join " + j.id);
                    Instant created = rs.getTimestamp(1).toInstant();
                    Instant delivered = rs.getTimestamp(2).toInstant();
                    Step step = j.steps.get("credential");
                    split.add(new double[] {millis(step.started, created), millis(created, delivered), millis(delivered, step.finished)});
                }
            }
        }
        System.out.printf("   credential step, p50: join asks the wallet -> the wallet's DCP request reaches our issuer %.0f ms; "
                + "issued -> delivered to the wallet %.0f ms (delivery poller, wallet's Storage API); delivered -> step done "
                + "%.0f ms (wake-up, claim, verification)%n", percentile(split.stream().mapToDouble(a -> a[0]).toArray(), 0.5),
                percentile(split.stream().mapToDouble(a -> a[1]).toArray(), 0.5),
                percentile(split.stream().mapToDouble(a -> a[2]).toArray(), 0.5));

        // The reference: the cheapest authenticated JSON endpoint, same server, same token kind.
        String token = orgAdmin(orgs.get(0));
        for (int i = 0; i < 100; i++) {
            send(server.baseUri(), "GET", "/api/v1/me", token, null);
        }
        double[] me = new double[300];
        for (int i = 0; i < me.length; i++) {
            long t0 = System.nanoTime();
            assertEquals(200, send(server.baseUri(), "GET", "/api/v1/me", token, null).statusCode());
            me[i] = (System.nanoTime() - t0) / 1e6;
        }
        double joinP50 = percentile(joins.stream().mapToDouble(Join::serverSeconds).toArray(), 0.5) * 1000;
        System.out.printf("   reference GET /api/v1/me (300 after 100 warm-up): p50 %.2f ms, p95 %.2f ms; a join's p50 is %,.0f x "
                + "that%n", percentile(me, 0.5), percentile(me, 0.95), joinP50 / percentile(me, 0.5));
        System.out.printf("   setup (not timed above): one kubectl apply per organisation %.0f ms each%n", onboardEach);
    }

    // ---------------------------------------------------------------- 3. throughput

    private void throughput(List<LibertyServer> servers) throws Exception {
        String prefix = "tp" + servers.size() + "-" + RUN + "-";
        System.out.printf("%n-- 3. throughput: %,d joins of %,d organisations submitted at once by %d clients to %d server(s), "
                + "status-only; each server: workers %s, poll %s ms, DCP delivery poll %s ms, DB pool %s, DCP delivery attempts 10%n", JOINS, JOINS,
                CLIENTS, servers.size(), WORKERS, POLL_MILLIS, DELIVERY_POLL_MILLIS, DB_POOL);
        URI first = servers.get(0).baseUri();
        long t0 = System.nanoTime();
        List<String> orgs = organisations(first, prefix, JOINS);
        double registered = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        stack.kubernetes().onboard(orgs);
        double onboarded = (System.nanoTime() - t1) / 1e9;
        System.out.printf("   setup (excluded): %,d organisations registered in %.1f s (%d clients), namespaces onboarded in "
                + "%.1f s with %d kubectl apply (%.0f ms per organisation)%n", JOINS, registered, CLIENTS, onboarded,
                (JOINS + 499) / 500, onboarded * 1000 / JOINS);
        Map<String, String> tokens = new HashMap<>();
        for (String org : orgs) {
            tokens.put(org, orgAdmin(org));
        }

        CpuMeter cpu = new CpuMeter(servers);
        DatabaseSampler db = new DatabaseSampler();
        List<Jfr> profiles = new ArrayList<>();
        if (PROFILE) {
            for (LibertyServer s : servers) {
                profiles.add(Jfr.start(s));
            }
        }
        CpuMeter.Reading before = cpu.read();
        db.start();

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch go = new CountDownLatch(1);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Future<Posted>> posted = new ArrayList<>();
        for (int i = 0; i < orgs.size(); i++) {
            String org = orgs.get(i);
            URI server = servers.get(i % servers.size()).baseUri();
            posted.add(clients.submit(() -> {
                go.await();
                long start = System.nanoTime();
                sentAt.put(org, System.currentTimeMillis());
                HttpResponse<String> r = send(server, "POST", "/api/v1/organisations/" + org + "/joins", tokens.get(org),
                        joinBody(org), "Idempotency-Key", UUID.randomUUID().toString());
                return new Posted(org, r.statusCode(), r.statusCode() == 202 ? json(r.body()).getString("id") : r.body(),
                        (System.nanoTime() - start) / 1e6);
            }));
        }
        long wallStart = System.currentTimeMillis();
        go.countDown();
        List<Posted> answers = new ArrayList<>();
        for (Future<Posted> f : posted) {
            answers.add(f.get());
        }
        clients.shutdown();
        double submitSeconds = (System.currentTimeMillis() - wallStart) / 1e3;

        // Until every join of these organisations is final (read from the bed's database, not through the servers).
        Instant deadline = Instant.now().plus(THROUGHPUT_TIMEOUT);
        int[] counts;
        Map<String, Integer> walletSaw = new TreeMap<>();
        long nextLook = System.nanoTime();
        while (true) {
            counts = states(prefix);
            if (counts[0] + counts[1] >= JOINS || Instant.now().isAfter(deadline)) {
                break;
            }
            if (System.nanoTime() > nextLook) {
                walletSaw = unanswered(prefix, walletSaw);
                nextLook = System.nanoTime() + 10_000_000_000L;
            }
            Thread.sleep(250);
        }
        CpuMeter.Reading after = cpu.read();
        db.stop();
        // What was final when the wait ended (the servers go on working while the profile is read).
        List<Join> joins = finished(prefix);
        List<Jfr.Summary> summaries = new ArrayList<>();
        for (Jfr p : profiles) {
            summaries.add(p.stop());
        }

        long firstPost = sentAt.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long lastFinished = joins.stream().filter(j -> j.finished != null).mapToLong(j -> j.finished.toEpochMilli()).max()
                .orElse(firstPost);
        double seconds = (lastFinished - firstPost) / 1e3;
        long accepted = answers.stream().filter(p -> p.status == 202).count();
        System.out.printf("   submitted: %,d POSTs in %.1f s, %,d answered 202; POST latency p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                answers.size(), submitSeconds, accepted, percentile(answers.stream().mapToDouble(p -> p.millis).toArray(), 0.5),
                percentile(answers.stream().mapToDouble(p -> p.millis).toArray(), 0.99),
                percentile(answers.stream().mapToDouble(p -> p.millis).toArray(), 1.0));
        System.out.printf("   **throughput: %,d joins succeeded (%d failed, %d not final) in %.1f s from the first POST to the last "
                + "join finished: %.1f joins/s** (target >= 50 joins/s: %s)%n", counts[0], counts[1], JOINS - counts[0] - counts[1],
                seconds, counts[0] / seconds, counts[0] / seconds >= 50 && counts[0] == JOINS ? "met" : "NOT met");
        printTimeline(joins, firstPost);
        if (!walletSaw.isEmpty()) {
            System.out.printf("   credential requests the wallet had accepted but our issuer had not received 10 s later "
                    + "(the join asks again after kaphera.join.credential-wait-seconds, 120 s), by the wallet's own state, "
                    + "most seen at one look: %s%n", walletSaw);
        }
        printJoins(joins, true);
        cpu.print(before, after);
        db.print();
        for (Jfr.Summary s : summaries) {
            s.print();
        }
        check(prefix, orgs, answers);
    }

    /** Lost or duplicated work fails the run (after the figures were printed). */
    private void check(String prefix, List<String> orgs, List<Posted> answers) throws Exception {
        Set<String> ids = new java.util.HashSet<>();
        answers.stream().filter(p -> p.status == 202).forEach(p -> ids.add(p.idOrError));
        List<String> refused = answers.stream().filter(p -> p.status != 202).map(p -> p.status + " " + p.idOrError).limit(3).toList();
        try (Connection c = bed.connect(); Statement s = c.createStatement()) {
            long[] joins = longs(s, "select count(*), count(distinct id), count(distinct organisation), "
                    + "count(*) filter (where state = 'succeeded') from join_flow where organisation like '" + prefix + "%'");
            long[] audit = longs(s, "select count(*), count(distinct (target_id, change::json->>'step')), count(distinct target_id) "
                    + "from audit_entry where operation = 'join.step' and organisation like '" + prefix + "%'");
            long[] issuance = longs(s, "select count(*), count(distinct holder_pid) from credential_issuance "
                    + "where organisation like '" + prefix + "%'");
            JsonArray items = json(stack.kubernetes().get("/apis/edc.kaphera.io/v1alpha1/controlplanes").body()).getJsonArray("items");
            Map<String, Integer> perNamespace = new HashMap<>();
            for (JsonObject cp : items.getValuesAs(JsonObject.class)) {
                String ns = cp.getJsonObject("metadata").getString("namespace");
                if (ns.startsWith("kaphera-" + prefix)) {
                    perNamespace.merge(ns, 1, Integer::sum);
                }
            }
            long oneEach = perNamespace.values().stream().filter(n -> n == 1).count();
            System.out.printf("   checks: %,d distinct join ids answered 202 (refused: %s); join_flow %,d rows, %,d distinct, %,d "
                    + "organisations, %,d succeeded; join.step audit entries %,d (%,d distinct join+step, %,d joins; expected %,d = 5 "
                    + "per join); credential issuances %,d (%,d distinct holderPid); ControlPlanes in %,d namespaces, %,d with exactly one%n",
                    ids.size(), refused.isEmpty() ? "none" : refused, joins[0], joins[1], joins[2], joins[3], audit[0], audit[1], audit[2],
                    5L * orgs.size(), issuance[0], issuance[1], perNamespace.size(), oneEach);
            assertEquals(orgs.size(), ids.size(), "distinct joins accepted");
            assertEquals(orgs.size(), joins[3], "joins succeeded");
            assertEquals(orgs.size(), joins[1], "one join per organisation");
            assertEquals(5L * orgs.size(), audit[0], "one join.step entry per step and join");
            assertEquals(5L * orgs.size(), audit[1], "no duplicated join.step entry");
            assertEquals(orgs.size(), issuance[0], "one credential issuance per join");
            assertEquals(orgs.size(), oneEach, "one ControlPlane per organisation");
        }
    }

    private static long[] longs(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long[] out = new long[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = rs.getLong(i + 1);
            }
            return out;
        }
    }

    /**
     * Joins whose wallet was asked for the credential more than 10 s ago while no issuance reached our
     * issuer: what the wallet says of each request (Identity API, as its super-user). Keeps the larger tally.
     */
    private Map<String, Integer> unanswered(String prefix, Map<String, Integer> before) throws Exception {
        Map<String, Integer> now = new TreeMap<>();
        try (Connection c = bed.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select j.details::json->>'participantContextId', j.details::json->>'holderPid' from join_flow j "
                        + "where j.organisation like '" + prefix + "%' and j.step = 'credential' "
                        + "and (j.details::json->>'credentialRequestedAt')::timestamptz < now() - interval '10 seconds' "
                        + "and not exists (select 1 from credential_issuance i where i.holder_pid = j.details::json->>'holderPid')")) {
            var wallet = stack.identityHub();
            while (rs.next()) {
                String context = java.util.Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(rs.getString(1).getBytes(StandardCharsets.UTF_8));
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(wallet.identityApi() + "/v1alpha/participants/"
                        + context + "/credentials/request/" + rs.getString(2))).header("x-api-key", wallet.adminApiKey()).build(),
                        HttpResponse.BodyHandlers.ofString());
                String state = r.statusCode() == 200 ? json(r.body()).getString("status", "?") : "HTTP " + r.statusCode();
                now.merge(state, 1, Integer::sum);
            }
        }
        int a = before.values().stream().mapToInt(Integer::intValue).sum();
        int b = now.values().stream().mapToInt(Integer::intValue).sum();
        return b > a ? now : before;
    }

    private int[] states(String prefix) throws Exception {
        try (Connection c = bed.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select count(*) filter (where state = 'succeeded'), count(*) filter (where state in ('failed', 'cancelled')) "
                        + "from join_flow where organisation like '" + prefix + "%'")) {
            rs.next();
            return new int[] {rs.getInt(1), rs.getInt(2)};
        }
    }

    /** The joins of these organisations as the servers recorded them (timestamps from join_flow.steps). */
    private List<Join> finished(String prefix) throws Exception {
        List<Join> out = new ArrayList<>();
        try (Connection c = bed.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select id, organisation, state, created_at, finished_at, steps from join_flow where organisation like '" + prefix + "%'")) {
            while (rs.next()) {
                out.add(new Join(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(), steps(Json.createReader(
                                new StringReader(rs.getString(6))).readArray()), Double.NaN));
            }
        }
        return out;
    }

    /** Joins finished per 5 s from the first POST: shows ramp-up, steady rate and the tail. */
    private static void printTimeline(List<Join> joins, long firstPost) {
        TreeMap<Long, Integer> buckets = new TreeMap<>();
        for (Join j : joins) {
            if (j.finished != null) {
                buckets.merge((j.finished.toEpochMilli() - firstPost) / 5000, 1, Integer::sum);
            }
        }
        StringBuilder line = new StringBuilder();
        long last = buckets.isEmpty() ? 0 : buckets.lastKey();
        for (long b = 0; b <= last; b++) {
            line.append(b == 0 ? "" : " ").append(buckets.getOrDefault(b, 0));
        }
        System.out.printf("   joins finished per 5 s from the first POST: %s (peak %.1f joins/s)%n", line,
                buckets.values().stream().mapToInt(Integer::intValue).max().orElse(0) / 5.0);
    }

    // ---------------------------------------------------------------- joins and their timing

    record Step(Instant started, Instant finished) {
        double millis() {
            return JoinBenchmark.millis(started, finished);
        }
    }

    record Join(String id, String org, String state, Instant created, Instant finished, Map<String, Step> steps,
            double clientSeconds) {
        double serverSeconds() {
            return millis(created, finished) / 1000;
        }
    }

    record Posted(String org, int status, String idOrError, double millis) {
    }

    /** POSTs a join and polls it every {@code pollMillis} until it succeeded; fails at once if it fails. */
    private Join joinAndAwait(URI server, String org, Duration timeout, long pollMillis) throws Exception {
        String token = orgAdmin(org);
        long t0 = System.nanoTime();
        HttpResponse<String> r = send(server, "POST", "/api/v1/organisations/" + org + "/joins", token, joinBody(org),
                "Idempotency-Key", UUID.randomUUID().toString());
        assertEquals(202, r.statusCode(), r.body());
        String id = json(r.body()).getString("id");
        Instant deadline = Instant.now().plus(timeout);
        JsonObject view;
        while (true) {
            view = json(send(server, "GET", "/api/v1/organisations/" + org + "/joins/" + id, token, null).body());
            String state = view.getString("state");
            if ("succeeded".equals(state)) {
                break;
            }
            if (!"running".equals(state) || Instant.now().isAfter(deadline)) {
                throw new AssertionError("join " + id + " is " + state + " after " + Duration.ofNanos(System.nanoTime() - t0) + ": " + view);
            }
            Thread.sleep(pollMillis);
        }
        double client = (System.nanoTime() - t0) / 1e9;
        return new Join(id, org, "succeeded", Instant.parse(view.getString("createdAt")), Instant.parse(view.getString("finishedAt")),
                steps(view.getJsonArray("steps")), client);
    }

    private static Map<String, Step> steps(JsonArray steps) {
        Map<String, Step> out = new LinkedHashMap<>();
        for (JsonObject s : steps.getValuesAs(JsonObject.class)) {
            out.put(s.getString("step"), new Step(instant(s.getString("startedAt", null)), instant(s.getString("finishedAt", null))));
        }
        return out;
    }

    /** Total and per step (p50/p95/max). */
    private static void printJoins(List<Join> all, boolean p95) {
        List<Join> joins = all.stream().filter(j -> j.finished != null && j.steps.values().stream().allMatch(s -> s.finished != null))
                .toList();
        if (joins.isEmpty()) {
            System.out.println("   (no finished joins)");
            return;
        }
        String head = p95 ? "p50 / p95 / max" : "p50 / max";
        System.out.printf("   %-44s %s (n = %d)%n", "", head + " ms", joins.size());
        row("total, POST accepted -> succeeded (server)", joins.stream().mapToDouble(j -> j.serverSeconds() * 1000).toArray(), p95);
        if (joins.stream().noneMatch(j -> Double.isNaN(j.clientSeconds))) {
            row("total as the polling client saw it", joins.stream().mapToDouble(j -> j.clientSeconds * 1000).toArray(), p95);
        }
        row("  accepted -> request step started", joins.stream().mapToDouble(j -> millis(j.created, j.steps.get("request").started))
                .toArray(), p95);
        // A step's startedAt is when the one before it finished: its duration includes waiting for a worker.
        for (String step : STEPS) {
            row("  step " + step, joins.stream().mapToDouble(j -> j.steps.get(step).millis()).toArray(), p95);
        }
    }

    private static void row(String name, double[] values, boolean p95) {
        if (p95) {
            System.out.printf("   %-44s %8.0f / %8.0f / %8.0f%n", name, percentile(values, 0.5), percentile(values, 0.95),
                    percentile(values, 1.0));
        } else {
            System.out.printf("   %-44s %8.0f / %8.0f%n", name, percentile(values, 0.5), percentile(values, 1.0));
        }
    }

    // ---------------------------------------------------------------- organisations

    /** Registers {@code count} organisations (slugs {@code base-RUN-0001}…) through the API with up to CLIENTS at once. */
    private List<String> organisations(URI server, String base, int count) throws Exception {
        String admin = stack.tokens().builder("platform-admin", "/platform/admin").expiresInSeconds(7200).sign();
        List<String> slugs = new ArrayList<>();
        String stem = base.endsWith("-") ? base : base + "-" + RUN + "-" + ThreadLocalRandom.current().nextInt(100, 999) + "-";
        for (int i = 0; i < count; i++) {
            slugs.add(stem + String.format("%04d", i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(CLIENTS, count));
        List<Future<?>> done = new ArrayList<>();
        for (String slug : slugs) {
            String bpnl = nextBpnl();
            legalEntity.put(slug, bpnl);
            done.add(pool.submit(() -> {
                HttpResponse<String> r = send(server, "POST", "/api/v1/organisations", admin, Json.createObjectBuilder()
                        .add("slug", slug).add("displayName", "Zulieferer " + slug + " GmbH").add("legalEntityId", bpnl).build()
                        .toString());
                assertEquals(201, r.statusCode(), r.body());
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return slugs;
    }

    private final Map<String, String> legalEntity = new ConcurrentHashMap<>();

    private synchronized String nextBpnl() {
        return "BPNL" + String.format("%012d", bpnlSequence++);
    }

    private String joinBody(String org) {
        return Json.createObjectBuilder().add("dataspace", dataspace).add("deploymentModel", "shared-managed")
                .add("legalEntityId", legalEntity.get(org)).build().toString();
    }

    private String orgAdmin(String org) {
        return stack.tokens().builder("admin-of-" + org, "/orgs/" + org + "/admin").expiresInSeconds(7200).sign();
    }

    // ---------------------------------------------------------------- HTTP and small helpers

    private HttpResponse<String> send(URI server, String method, String path, String token, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject json(String body) {
        try (JsonReader r = Json.createReader(new StringReader(body))) {
            return r.readObject();
        }
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static double max(List<Join> joins, java.util.function.ToDoubleFunction<Join> f) {
        return joins.stream().mapToDouble(f).max().orElse(Double.NaN);
    }

    /** Nearest rank. */
    static double percentile(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))];
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static long libertyPid(LibertyServer server) throws java.io.IOException {
        String name = server.serverDir().getFileName().toString();
        return Long.parseLong(Files.readString(server.serverDir().getParent().resolve(".pid").resolve(name + ".pid")).strip());
    }

    // ---------------------------------------------------------------- where the time goes

    /**
     * CPU of every process of this stack, from /proc (utime + stime of each process and its exited
     * children), grouped; and the machine's whole busy time, so that what other worktrees' processes
     * took meanwhile shows as "not ours".
     */
    static final class CpuMeter {
        private static final double TICK_MS = 10; // USER_HZ = 100
        private final Map<Long, String> libertyPids = new HashMap<>();
        private final long postmaster;
        private final String repo = Config.repo().toString();

        record Reading(long nanos, Map<String, Long> ticks, long machineBusy, long machineTotal) {
        }

        CpuMeter(List<LibertyServer> servers) throws Exception {
            for (LibertyServer s : servers) {
                libertyPids.put(libertyPid(s), "Liberty " + s.serverDir().getFileName());
            }
            postmaster = Long.parseLong(Files.readAllLines(Config.work().resolve("pg/data/postmaster.pid")).get(0).strip());
        }

        Reading read() throws Exception {
            Map<String, Long> ticks = new TreeMap<>();
            long self = ProcessHandle.current().pid();
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        long pid = Long.parseLong(p.getFileName().toString());
                        String[] f = fields(Files.readString(p.resolve("stat")));
                        long ppid = Long.parseLong(f[1]);
                        String group = group(pid, ppid, self, Files.readString(p.resolve("cmdline")).replace('\0', ' '));
                        if (group != null) {
                            // own time plus that of waited-for children (kubectl runs, connectors that ended)
                            long t = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                            ticks.merge(group, t, Long::sum);
                        }
                    } catch (java.io.IOException | RuntimeException gone) {
                        // exited meanwhile
                    }
                }
            }
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length; i++) {
                total += Long.parseLong(cpu[i]);
            }
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
            return new Reading(System.nanoTime(), ticks, total - idle, total);
        }

        private String group(long pid, long ppid, long self, String cmdline) {
            if (pid == self) {
                return "benchmark client (this JVM)";
            }
            if (libertyPids.containsKey(pid)) {
                return libertyPids.get(pid);
            }
            if (pid == postmaster || ppid == postmaster) {
                return "PostgreSQL (all databases)";
            }
            if (!cmdline.contains(repo)) {
                return null;
            }
            String program = cmdline.split(" ", 2)[0];
            if (program.endsWith("kube-apiserver")) {
                return "kube-apiserver";
            }
            if (program.endsWith("etcd")) {
                return "etcd";
            }
            if (cmdline.contains("identityhub")) {
                return "wallet (EDC IdentityHub)";
            }
            // The operator's own command line names the connector jar too (--connector-jar): operator first.
            if (cmdline.contains("kaphera-dev-operator")) {
                return "dev operator";
            }
            if (cmdline.contains("kaphera-dev-connector")) {
                return "real connectors";
            }
            return null;
        }

        private static String[] fields(String stat) {
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        }

        void print(Reading a, Reading b) {
            double wallMs = (b.nanos - a.nanos) / 1e6;
            System.out.printf("   CPU during the run (%.1f s wall, 2 cores = %.1f s of CPU available), from /proc:%n", wallMs / 1000,
                    2 * wallMs / 1000);
            long ours = 0;
            for (var e : b.ticks.entrySet()) {
                long d = e.getValue() - a.ticks.getOrDefault(e.getKey(), 0L);
                ours += d;
                System.out.printf("     %-44s %7.1f s  (%4.0f %% of one core)%n", e.getKey(), d * TICK_MS / 1000, d * TICK_MS * 100 / wallMs);
            }
            long busy = b.machineBusy - a.machineBusy;
            long total = b.machineTotal - a.machineTotal;
            System.out.printf("     %-44s %7.1f s%n", "machine busy, all processes", busy * TICK_MS / 1000);
            System.out.printf("     %-44s %7.1f s  (other worktrees' tests, system)%n", "not this stack",
                    Math.max(0, busy - ours) * TICK_MS / 1000);
            System.out.printf("     machine idle %.0f %% of the run%n", 100.0 * (total - busy) / Math.max(1, total));
        }
    }

    /** pg_stat_activity of the bed's database every 100 ms: what its sessions are doing (DB wait). */
    final class DatabaseSampler {
        private final Map<String, Integer> counts = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean();
        private Thread thread;
        private int samples;

        void start() {
            running.set(true);
            thread = new Thread(() -> {
                try (Connection c = bed.connect(); PreparedStatement q = c.prepareStatement(
                        "select state, coalesce(wait_event_type || ':' || wait_event, 'on CPU') from pg_stat_activity "
                                + "where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'")) {
                    while (running.get()) {
                        try (ResultSet rs = q.executeQuery()) {
                            while (rs.next()) {
                                String state = rs.getString(1);
                                String key = "idle".equals(state) ? "idle (connection in a pool)"
                                        : state + ("active".equals(state) ? ", " + rs.getString(2) : "");
                                counts.merge(key, 1, Integer::sum);
                            }
                        }
                        samples++;
                        Thread.sleep(100);
                    }
                } catch (Exception e) {
                    System.out.println("   (pg_stat_activity sampling stopped: " + e + ")");
                }
            }, "bench-join-db-sampler");
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        void print() {
            System.out.printf("   database sessions of the servers (pg_stat_activity every 100 ms, %d samples), mean number in each state:%n",
                    samples);
            counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(10)
                    .forEach(e -> System.out.printf("     %-52s %6.2f%n", e.getKey(), e.getValue() / (double) Math.max(1, samples)));
        }
    }

    /** JFR (profile settings) on one Liberty; samples of its Java threads, grouped by what they were doing. */
    static final class Jfr {
        private final LibertyServer server;
        private final String pid;
        private final Path recording;

        private Jfr(LibertyServer server) throws Exception {
            this.server = server;
            this.pid = Long.toString(libertyPid(server));
            this.recording = server.serverDir().resolve("bench-join.jfr").toAbsolutePath();
        }

        static Jfr start(LibertyServer server) throws Exception {
            Jfr j = new Jfr(server);
            run(jcmd(), j.pid, "JFR.start", "name=bench-join", "settings=profile");
            return j;
        }

        record Summary(String server, int total, Map<String, Integer> groups, Map<String, Integer> ours, Map<String, Integer> threads) {
            void print() {
                System.out.printf("   JFR of %s: %,d execution samples; by what the sample was in (first match):%n", server, total);
                groups.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                        .forEach(e -> System.out.printf("     %-60s %5.1f %%%n", e.getKey(), 100.0 * e.getValue() / Math.max(1, total)));
                System.out.println("     by thread pool:");
                threads.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(5)
                        .forEach(e -> System.out.printf("       %-58s %5.1f %%%n", e.getKey(), 100.0 * e.getValue() / Math.max(1, total)));
                System.out.println("     our code's innermost frame on the stack (top 12):");
                ours.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                        .forEach(e -> System.out.printf("       %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
            }
        }

        Summary stop() throws Exception {
            run(jcmd(), pid, "JFR.stop", "name=bench-join", "filename=" + recording);
            Map<String, String[]> markers = new LinkedHashMap<>();
            markers.put("JWT/JWS signing and verification (credentials, tokens)", new String[] {"nimbus", "jose4j", "Jwt", "Jws", "Signature"});
            markers.put("Kubernetes client (client-java, OkHttp, Gson)", new String[] {"io.kubernetes", "okhttp3", "com.google.gson"});
            markers.put("JDBC (pgjdbc)", new String[] {"org.postgresql"});
            markers.put("Hibernate", new String[] {"org.hibernate"});
            markers.put("java.net.http (wallet, DCP delivery)", new String[] {"jdk.internal.net.http"});
            markers.put("audit chain (hash, canonical JSON)", new String[] {"com.kaphera.cloud.audit"});
            markers.put("JSON-P / JSON-B", new String[] {"org.eclipse.parsson", "org.eclipse.yasson", "jakarta.json"});
            markers.put("MP Fault Tolerance", new String[] {"faulttolerance"});
            markers.put("Liberty HTTP, RESTEasy, CDI, EJB, other", new String[] {""});
            Map<String, Integer> groups = new LinkedHashMap<>();
            Map<String, Integer> ours = new HashMap<>();
            Map<String, Integer> threads = new HashMap<>();
            int total = 0;
            try (var file = new jdk.jfr.consumer.RecordingFile(recording)) {
                while (file.hasMoreEvents()) {
                    var event = file.readEvent();
                    if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || event.getStackTrace() == null) {
                        continue;
                    }
                    List<String> frames = event.getStackTrace().getFrames().stream()
                            .map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName()).toList();
                    total++;
                    var t = event.getThread("sampledThread");
                    String thread = t == null || t.getJavaName() == null ? "?" : t.getJavaName().replaceAll("[-\\d]+$", "");
                    threads.merge(thread, 1, Integer::sum);
                    frames.stream().filter(f -> f.startsWith("com.kaphera.")).findFirst()
                            .ifPresent(f -> ours.merge(f.replace("com.kaphera.cloud.", ""), 1, Integer::sum));
                    for (var g : markers.entrySet()) {
                        if (Arrays.stream(g.getValue()).anyMatch(m -> frames.stream().anyMatch(f -> f.contains(m)))) {
                            groups.merge(g.getKey(), 1, Integer::sum);
                            break;
                        }
                    }
                }
            }
            return new Summary(server.serverDir().getFileName().toString(), total, groups, ours, threads);
        }

        private static String jcmd() {
            return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        }

        private static void run(String... command) throws Exception {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": " + out);
            }
        }
    }
}
