package com.kaphera.cloud.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.LibertyServer;
import com.kaphera.cloud.it.support.Stack;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Joins survive their servers: a server halted (as kill -9 would: no shutdown, no commit) right after
 * each step acted and before it recorded that, restarted each time, finishes the join with every
 * step done exactly once; and two servers on one database share fifty joins without running any
 * step twice. Each on a database of its own ({@link JoinBed}), with the real wallet, Kubernetes API
 * and dev operator.
 */
class JoinDurabilityIT {
    private static final String CRASH = "KAPHERA_JOIN_TEST_CRASH_AFTER_STEP";

    @AfterAll
    static void stopConnectors() {
        Stack.get().devOperator().stop();
    }

    @Test
    void aServerKilledRightAfterEachStepActedResumesAndEveryStepHappensOnce() throws Exception {
        JoinBed bed = new JoinBed("kaphera_crash", Map.of());
        String name = "kaphera-it-crash";
        LibertyServer server = bed.primary(name, Map.of(CRASH, "request"));
        server.start();
        URI uri = server.baseUri();
        String dataspace = bed.dataspace(uri, Governance.pilotProfile(true, Governance.bpnl()));
        String org = bed.organisation(uri, "sme-durable");
        long pid = server.pid();
        String id = bed.join(uri, org, dataspace);
        awaitHalt(server, "request", pid - 1);
        for (String step : List.of("identity", "credential", "connector", "ready")) {
            server = bed.primary(name, Map.of(CRASH, step));
            pid = launchAndAwaitHalt(server, step, pid);
        }
        server = bed.primary(name, Map.of());
        server.start();
        try {
            JsonObject done = bed.await(uri, org, id, "succeeded", Duration.ofSeconds(120));
            for (JsonObject step : done.getJsonArray("steps").getValuesAs(JsonObject.class)) {
                assertEquals("done", step.getString("status"), step.toString());
            }
            Http admin = bed.admin(uri, org);
            Http.Response audit = admin.get("/api/v1/organisations/" + org + "/audit?operation=join.step&limit=50");
            List<String> steps = audit.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .map(JoinDurabilityIT::stepOf).sorted().toList();
            assertEquals(List.of("connector", "credential", "identity", "ready", "request"), steps, audit.body());
            Http.Response credentials = admin.get("/api/v1/organisations/" + org + "/credentials");
            assertEquals(1, credentials.json().getJsonArray("items").size(), credentials.body());
            for (String kind : List.of("controlplanes.edc.kaphera.io", "dataplanes.edc.kaphera.io")) {
                Http.Response listed = admin.get("/api/v1/organisations/" + org + "/resources/" + kind);
                assertEquals(1, listed.json().getJsonArray("items").size(), listed.body());
            }
            Http.Response requests = admin.get("/api/v1/organisations/" + org + "/membership-requests");
            assertEquals(1, requests.json().getJsonArray("items").size(), requests.body());
        } finally {
            server.stop();
        }
    }

    @Test
    void twoServersOnOneDatabaseShareFiftyJoinsAndRunEachStepOnce() throws Exception {
        Map<String, String> statusOnly = Map.of("KAPHERA_JOIN_CONNECTOR_ANNOTATIONS", "edc.kaphera.io/dev-connector=status-only",
                "KAPHERA_JOIN_CONNECTOR_CHECK", "status");
        JoinBed bed = new JoinBed("kaphera_pair", statusOnly);
        LibertyServer a = bed.primary("kaphera-it-pair-a", Map.of());
        LibertyServer b = bed.server("kaphera-it-pair-b", Map.of());
        a.start();
        b.start();
        try {
            String dataspace = bed.dataspace(a.baseUri(), Governance.pilotProfile(true, Governance.bpnl()));
            int joins = 50;
            List<String> orgs = new ArrayList<>();
            for (int i = 0; i < joins; i++) {
                orgs.add(bed.organisation(a.baseUri(), "sme-pair"));
            }
            Map<String, String> ids = new ConcurrentHashMap<>();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<?>> submitted = new ArrayList<>();
            for (int i = 0; i < joins; i++) {
                String org = orgs.get(i);
                URI via = (i % 2 == 0 ? a : b).baseUri();
                submitted.add(clients.submit(() -> ids.put(org, bed.join(via, org, dataspace))));
            }
            for (Future<?> f : submitted) {
                f.get();
            }
            clients.shutdown();
            for (String org : orgs) {
                bed.await(a.baseUri(), org, ids.get(org), "succeeded", Duration.ofSeconds(240));
                Http.Response audit = bed.admin(b.baseUri(), org).get("/api/v1/organisations/" + org
                        + "/audit?operation=join.step&limit=50");
                List<String> steps = audit.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                        .map(JoinDurabilityIT::stepOf).sorted().toList();
                assertEquals(List.of("connector", "credential", "identity", "ready", "request"), steps, org + ": " + audit.body());
                Http.Response credentials = bed.admin(a.baseUri(), org).get("/api/v1/organisations/" + org + "/credentials");
                assertEquals(1, credentials.json().getJsonArray("items").size(), org + ": " + credentials.body());
            }
        } finally {
            a.stop();
            b.stop();
        }
    }

    /** The step an audit entry of a completed step names (its change is JSON text). */
    private static String stepOf(JsonObject entry) {
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(entry.getString("change")))) {
            return reader.readObject().getString("step");
        }
    }

    /** Launches the server (it may halt before it reports started) and waits for the step's halt; returns its pid. */
    private static long launchAndAwaitHalt(LibertyServer server, String step, long previousPid) throws Exception {
        try {
            server.launch();
        } catch (RuntimeException haltedWhileStarting) {
            // `server start` reports a server that died while starting: expected when the step runs at once.
        }
        return awaitHalt(server, step, previousPid);
    }

    /** Waits until a server process other than {@code previousPid} has run and is gone (halted after {@code step}). */
    private static long awaitHalt(LibertyServer server, String step, long previousPid) throws Exception {
        Instant deadline = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(deadline)) {
            long pid = server.pid();
            if (pid > 0 && pid != previousPid && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                return pid;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the server did not halt after step " + step + " within 180 s");
    }
}
