package com.kaphera.cloud.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.KubernetesApi;
import com.kaphera.cloud.it.support.LibertyServer;
import com.kaphera.cloud.it.support.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One tenant cannot take the Kubernetes-backed API down for the others: each caller and each
 * organisation has a bounded share of the calls in flight (429 beyond it), so the shared bulkhead is
 * never filled by one organisation, and rejections never open the shared circuit breaker. A server
 * of its own runs with small shares (a bulkhead of 12, two calls per caller and per organisation;
 * production: 64, 8, 16), so that the flood exceeds them whatever the machine's speed.
 */
class KubernetesFairnessIT {
    private static final String NATS = "natsclusters.cloud.kaphera.io";

    @Test
    void oneOrganisationFloodingListsLeavesAnothersGetsAnswered() throws Exception {
        Stack stack = Stack.get();
        KubernetesApi kubernetes = stack.kubernetes();
        String flooding = Fixtures.slug("logistics");
        String quiet = Fixtures.slug("sme-castings");
        Fixtures.register(flooding, "Rhine Logistics");
        Fixtures.register(quiet, "Novak Castings");
        LibertyServer server = stack.variant("kaphera-it-fairness", Map.of(
                "COM_KAPHERA_CLOUD_CRD_KUBERNETES_KUBERNETESGATEWAY_BULKHEAD_VALUE", "12",
                "KAPHERA_KUBERNETES_MAX_CALLS_PER_CALLER", "2",
                "KAPHERA_KUBERNETES_MAX_CALLS_PER_ORGANISATION", "2"));
        server.start();
        try {
            floodAndObserve(server, kubernetes, flooding, quiet);
        } finally {
            server.stop();
        }
    }

    private static void floodAndObserve(LibertyServer server, KubernetesApi kubernetes, String flooding, String quiet)
            throws Exception {
        Stack stack = Stack.get();
        Http anonymous = new Http(server.baseUri());
        Http quietOperator = anonymous.as(stack.tokens().forGroups("petra", "/orgs/" + quiet + "/operator"));
        assertEquals(201, quietOperator.post(CustomResourcesIT.path(quiet, "controlplanes"),
                CustomResourcesIT.controlPlane("connector", 1)).status());
        for (int i = 0; i < 40; i++) { // something for every LIST to carry
            assertEquals(201, kubernetes.send("POST", "/apis/cloud.kaphera.io/v1alpha1/namespaces/kaphera-" + flooding
                    + "/natsclusters", "application/json", KubernetesClusterIT.nats("bus-" + i)).statusCode());
        }

        // Three automation accounts of one organisation, six threads each, listing as fast as they can.
        Map<Integer, AtomicInteger> floodStatuses = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(18);
        List<Future<?>> flood = new ArrayList<>();
        for (int account = 0; account < 3; account++) {
            Http client = anonymous.as(stack.tokens().forGroups("ci-" + account, "/orgs/" + flooding + "/viewer"));
            for (int t = 0; t < 6; t++) {
                flood.add(pool.submit(() -> {
                    while (!stop.get()) {
                        int status = client.get(CustomResourcesIT.path(flooding, NATS) + "?limit=200").status();
                        floodStatuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                    }
                }));
            }
        }
        List<Integer> quietStatuses = new ArrayList<>();
        try {
            Thread.sleep(1000); // the flood is under way
            for (int i = 0; i < 20; i++) {
                quietStatuses.add(quietOperator.get(CustomResourcesIT.path(quiet, "controlplanes") + "/connector").status());
                Thread.sleep(100);
            }
        } finally {
            stop.set(true);
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        for (Future<?> f : flood) {
            f.get();
        }

        assertEquals(List.of(), quietStatuses.stream().filter(s -> s != 200).toList(),
                "the quiet organisation's GETs during the flood: " + quietStatuses + "; flood: " + floodStatuses);
        assertTrue(floodStatuses.containsKey(429), "the flooding organisation is held to its share: " + floodStatuses);
        assertFalse(floodStatuses.containsKey(503), "its excess is refused with 429, not an outage: " + floodStatuses);
        assertFalse(floodStatuses.containsKey(500), floodStatuses.toString());
        Http.Response after = quietOperator.get(CustomResourcesIT.path(quiet, "controlplanes") + "/connector");
        assertEquals(200, after.status(), "the shared circuit breaker stayed closed: " + after.body());
    }
}
