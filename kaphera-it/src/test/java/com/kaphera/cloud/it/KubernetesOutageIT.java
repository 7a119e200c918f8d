package com.kaphera.cloud.it;

import static com.kaphera.cloud.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.EventStream;
import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.Stack;
import com.kaphera.cloud.it.support.TcpProxy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kubernetes API going away or hanging: clear 503s with Retry-After, readiness down, then recovery. */
class KubernetesOutageIT {
    private static final String CP = "controlplanes.edc.kaphera.io";
    private static String org;
    private static Http operator;
    private static Http anonymous;
    private static TcpProxy kubernetes;

    @BeforeAll
    static void setUp() {
        Stack stack = Stack.get();
        anonymous = new Http(stack.managed().baseUri());
        org = Fixtures.slug("logistics");
        Fixtures.register(org, "Rhine Logistics");
        operator = anonymous.as(stack.tokens().forGroups("log-ci", "/orgs/" + org + "/operator"));
        kubernetes = stack.kubernetes().proxy();
        assertEquals(201, operator.post(CustomResourcesIT.path(org, CP), CustomResourcesIT.controlPlane("hub", 1)).status());
    }

    @AfterEach
    void restore() throws Exception {
        kubernetes.restore();
        awaitStatus(CustomResourcesIT.path(org, CP) + "/hub", 200, Duration.ofSeconds(30));
    }

    @Test
    void kubernetesGoneMeans503WithRetryAfterAndNotReadyThenRecovers() throws Exception {
        kubernetes.cut();
        Http.Response r = operator.get(CustomResourcesIT.path(org, CP) + "/hub");
        assertProblem(r, 503);
        assertNotNull(r.header("Retry-After"), "Retry-After");
        assertProblem(operator.post(CustomResourcesIT.path(org, CP), CustomResourcesIT.controlPlane("during-outage", 1)), 503);
        // Readiness is computed in the background (every second here): it follows within that interval.
        Http.Response ready = awaitReadiness(503, Duration.ofSeconds(15));
        assertTrue(ready.body().contains("kubernetes"), ready.body());

        kubernetes.restore();
        awaitStatus(CustomResourcesIT.path(org, CP) + "/hub", 200, Duration.ofSeconds(30));
        awaitReadiness(200, Duration.ofSeconds(15));
        assertEquals(404, operator.get(CustomResourcesIT.path(org, CP) + "/during-outage").status(),
                "a write refused during the outage must not appear later");
    }

    @Test
    void aWatchOnASilentlyDeadConnectionIsReestablished() throws Exception {
        String collection = CustomResourcesIT.path(org, CP);
        try (EventStream stream = operator.events(collection + "?watch=true&fieldSelector=metadata.name%3Dhub")) {
            assertEquals("ADDED", stream.next(Duration.ofSeconds(10)).type());
            assertEquals("SYNCED", stream.next(Duration.ofSeconds(10)).type());
            // The watch's connection goes half-open: nothing closed, nothing passes, for ever.
            kubernetes.silenceExisting();
            // A change made meanwhile, straight into the cluster.
            assertEquals(200, Stack.get().kubernetes().send("PATCH", "/apis/edc.kaphera.io/v1alpha1/namespaces/kaphera-"
                    + org + "/controlplanes/hub", "application/merge-patch+json",
                    "{\"metadata\":{\"labels\":{\"silence\":\"noticed\"}}}").statusCode());
            EventStream.Event modified = stream.next(Duration.ofSeconds(45));
            assertNotNull(modified, "the watch was never re-established");
            assertEquals("MODIFIED", modified.type(), modified.data());
            assertTrue(modified.data().contains("noticed"), modified.data());
        }
    }

    @Test
    void aHangingKubernetesApiTimesOutInto503() {
        kubernetes.stall();
        Instant start = Instant.now();
        Http.Response r = operator.get(CustomResourcesIT.path(org, CP));
        Duration took = Duration.between(start, Instant.now());
        assertProblem(r, 503);
        assertNotNull(r.header("Retry-After"));
        assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "took " + took);
    }

    private static Http.Response awaitReadiness(int status, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Http.Response ready = anonymous.get("/health/ready");
        while (ready.status() != status && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            ready = anonymous.get("/health/ready");
        }
        assertEquals(status, ready.status(), ready.body());
        return ready;
    }

    private static void awaitStatus(String path, int status, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int last = -1;
        while (Instant.now().isBefore(deadline)) {
            last = operator.get(path).status();
            if (last == status) {
                return;
            }
            Thread.sleep(250);
        }
        assertEquals(status, last, "no recovery within " + timeout);
    }
}
