package com.kaphera.cloud.it;

import static com.kaphera.cloud.it.Problems.assertFieldError;
import static com.kaphera.cloud.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.kaphera.cloud.it.support.EventStream;
import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.KubernetesApi;
import com.kaphera.cloud.it.support.Stack;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What only a real kube-apiserver shows, through our server running as its service account under
 * the RBAC of deploy/kubernetes: RBAC refusing the server outside an onboarded namespace, admission
 * refusing a write (a resource quota; a namespace being deleted), the API server's own schema
 * checks catching what ours let through, real continue tokens over a thousand objects, and a watch
 * resumed from a point that etcd has compacted away.
 */
class KubernetesClusterIT {
    private static final String NATS = "natsclusters.cloud.kaphera.io";
    private static final String CP = "controlplanes.edc.kaphera.io";
    private static Stack stack;
    private static KubernetesApi kubernetes;
    private static String org;
    private static Http operator;

    @BeforeAll
    static void organisation() {
        stack = Stack.get();
        kubernetes = stack.kubernetes();
        org = Fixtures.slug("tier1-components-de");
        Fixtures.register(org, "Tier-1 Components GmbH");
        operator = member(org, "operator");
    }

    private static Http member(String slug, String role) {
        return new Http(stack.managed().baseUri()).as(stack.tokens().forGroups(slug + "-" + role, "/orgs/" + slug + "/" + role));
    }

    static String nats(String name) {
        return "{\"apiVersion\":\"cloud.kaphera.io/v1alpha1\",\"kind\":\"NatsCluster\",\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":{\"version\":\"2.10.22\",\"auth\":{\"type\":\"Token\",\"token\":{\"secretKeyRef\":"
                + "{\"name\":\"nats-token\",\"key\":\"token\"}}}}}";
    }

    private static String direct(String slug, String plural, String group) {
        return "/apis/" + group + "/v1alpha1/namespaces/kaphera-" + slug + "/" + plural;
    }

    @Test
    void anOrganisationNotOnboardedInTheClusterIsRefusedByRbacAsUpstreamRefused() {
        // Registered with us, but the cluster's administrator has not bound the server's role in its
        // namespace (deploy/kubernetes README, step 3): the service account gets 403 from RBAC.
        String slug = Fixtures.slug("sme-electronics");
        Http admin = new Http(stack.managed().baseUri()).as(stack.tokens().platformAdmin());
        assertEquals(201, admin.post("/api/v1/organisations", "{\"slug\":\"" + slug
                + "\",\"displayName\":\"Weber Electronics\",\"legalEntityId\":\"BPNL00000007WEBE\"}").status());
        Http member = member(slug, "operator");

        JsonObject list = assertProblem(member.get(CustomResourcesIT.path(slug, CP)), 502);
        assertTrue(list.getString("type").endsWith("/upstream-refused"), list.toString());
        assertTrue(list.getString("detail").contains("kaphera-cloud-server-tenant"), list.toString());
        assertProblem(member.post(CustomResourcesIT.path(slug, CP), CustomResourcesIT.controlPlane("connector", 1)), 502);
        assertProblem(member.get(CustomResourcesIT.path(slug, CP) + "/connector"), 502);
        try (EventStream watch = member.events(CustomResourcesIT.path(slug, CP) + "?watch=true")) {
            EventStream.Event first = watch.next(Duration.ofSeconds(10));
            assertTrue(watch.status() == 502 || first != null && "ERROR".equals(first.type()),
                    "a watch is refused too: " + watch.status() + " " + first);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }

        kubernetes.onboard(slug);
        Http.Response afterOnboarding = member.get(CustomResourcesIT.path(slug, CP));
        assertEquals(200, afterOnboarding.status(), "access follows the RoleBinding: " + afterOnboarding.body());
    }

    @Test
    void aResourceQuotaRefusalIsA403WithTheClustersReason() {
        String slug = Fixtures.slug("sme-castings");
        Fixtures.register(slug, "Novak Castings");
        String ns = "kaphera-" + slug;
        String quotas = "/api/v1/namespaces/" + ns + "/resourcequotas";
        assertEquals(201, kubernetes.send("POST", quotas, "application/json", """
                {"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"nats-budget"},
                 "spec":{"hard":{"count/natsclusters.cloud.kaphera.io":"0"}}}""").statusCode());
        // No kube-controller-manager runs here: write the usage it would have computed, else admission
        // refuses with "status unknown for quota" instead of judging the request.
        assertEquals(200, kubernetes.send("PATCH", quotas + "/nats-budget/status", "application/merge-patch+json", """
                {"status":{"hard":{"count/natsclusters.cloud.kaphera.io":"0"},
                           "used":{"count/natsclusters.cloud.kaphera.io":"0"}}}""").statusCode());

        JsonObject problem = assertProblem(member(slug, "operator").post(CustomResourcesIT.path(slug, NATS), nats("events")), 403);
        assertTrue(problem.getString("detail").contains("exceeded quota"), problem.toString());
        assertEquals(404, kubernetes.get(direct(slug, "natsclusters", "cloud.kaphera.io") + "/events").statusCode());
    }

    @Test
    void aNamespaceBeingDeletedRefusesNewResourcesAsAConflict() {
        String slug = Fixtures.slug("sme-plastics");
        Fixtures.register(slug, "Brandt Plastics");
        Http member = member(slug, "operator");
        assertEquals(201, member.post(CustomResourcesIT.path(slug, NATS), nats("before")).status());
        // Without a namespace controller the namespace stays Terminating: exactly the window in which
        // a real cluster refuses new content while it deletes the old.
        assertEquals(200, kubernetes.send("DELETE", "/api/v1/namespaces/kaphera-" + slug, "application/json", null).statusCode());

        JsonObject problem = assertProblem(member.post(CustomResourcesIT.path(slug, NATS), nats("after")), 409);
        assertTrue(problem.getString("detail").contains("being deleted"), problem.toString());
        assertEquals(200, member.get(CustomResourcesIT.path(slug, NATS) + "/before").status(), "reads still work");
        assertEquals(404, kubernetes.get(direct(slug, "natsclusters", "cloud.kaphera.io") + "/after").statusCode());
    }

    @Test
    void theApiServersOwnSchemaChecksReachTheCallerFieldByField() {
        // Our validator checks the pattern of spec.contact.email but not its "email" format; the API
        // server checks both. Its 422 must come back as our 400 on the same field, nothing stored.
        String binding = """
                {"apiVersion":"enablement.kaphera.io/v1alpha1","kind":"ParticipantProfileBinding",
                 "metadata":{"name":"profile"},
                 "spec":{"dataspaceEnablementRef":{"name":"automotive-dataspace"},"bpn":"BPNL00000003AYRE",
                         "legalName":"Tier-1 Components GmbH","country":"DE","roles":["DataProvider"],"useCases":["pcf"],
                         "contact":{"name":"Dataspace Operations","email":"ops@tier1..example"}}}""";
        assertFieldError(operator.post(CustomResourcesIT.path(org, "participantprofilebindings"), binding),
                "spec.contact.email", "email");
        assertEquals(404, kubernetes.get(direct(org, "participantprofilebindings", "enablement.kaphera.io") + "/profile")
                .statusCode());
    }

    @Test
    void continueTokensWalkAThousandObjectsExactlyOnce() throws Exception {
        String slug = Fixtures.slug("logistics");
        Fixtures.register(slug, "Rhine Logistics");
        String collection = direct(slug, "natsclusters", "cloud.kaphera.io");
        List<String> expected = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> created = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                String name = String.format("bus-%04d", i);
                expected.add(name);
                created.add(pool.submit(() -> kubernetes.send("POST", collection, "application/json", nats(name)).statusCode()));
            }
            for (Future<Integer> f : created) {
                assertEquals(201, f.get());
            }
        } finally {
            pool.shutdown();
        }

        Http viewer = member(slug, "viewer");
        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            Http.Response page = viewer.get(CustomResourcesIT.path(slug, NATS) + "?limit=200"
                    + (next == null ? "" : "&continue=" + URLEncoder.encode(next, StandardCharsets.UTF_8)));
            assertEquals(200, page.status(), page.body());
            page.json().getJsonArray("items").getValuesAs(JsonObject.class)
                    .forEach(item -> seen.add(item.getJsonObject("metadata").getString("name")));
            next = page.json().containsKey("continue") && !page.json().isNull("continue") ? page.json().getString("continue") : null;
            if (pages == 0) {
                // Objects created after the first page do not appear: the walk is one consistent snapshot.
                assertEquals(201, kubernetes.send("POST", collection, "application/json", nats("bus-late")).statusCode());
            }
            pages++;
        } while (next != null && pages < 20);
        assertEquals(expected, seen);
        assertEquals(5, pages);
    }

    @Test
    void aWatchResumedFromACompactedResourceVersionEndsWithGone() throws Exception {
        String url = CustomResourcesIT.path(org, NATS);
        String from = createThenRelabel("compacted", 2);
        long revision = kubernetes.compactEtcd();
        assertTrue(revision > Long.parseLong(from) + 1, revision + " > " + from + " + 1");

        assertWatchEndsWith(url + "?watch=true&resourceVersion=" + from, 410, "/gone");
        // The documented recovery: list again, then watch from the list's resourceVersion.
        Http.Response list = operator.get(url + "?fieldSelector=metadata.name%3Dcompacted");
        try (EventStream again = member(org, "viewer").events(url + "?watch=true&fieldSelector=metadata.name%3Dcompacted"
                + "&resourceVersion=" + list.json().getString("resourceVersion"))) {
            assertEquals(200, again.status());
            assertEquals(200, operator.patch(url + "/compacted", "{\"metadata\":{\"labels\":{\"round\":\"4\"}}}").status());
            EventStream.Event modified = again.next(Duration.ofSeconds(10));
            assertNotNull(modified);
            assertEquals("MODIFIED", modified.type(), modified.data());
        }
    }

    @Test
    void aWatchTheApiServerFailsIsUnavailableNotARefusal() throws Exception {
        // v1.20 without a watch cache: resuming exactly one change before the compaction point, the API
        // server cannot produce that change's previous state and ends the watch with a 500. That is the
        // API server failing (503, list again), not it refusing our rights (502).
        String url = CustomResourcesIT.path(org, NATS);
        String from = createThenRelabel("compacted-edge", 1);
        long revision = kubernetes.compactEtcd();
        assumeTrue(revision == Long.parseLong(from) + 1, "another write landed in between; the edge is not reproducible");

        assertWatchEndsWith(url + "?watch=true&fieldSelector=metadata.name%3Dcompacted-edge&resourceVersion=" + from,
                503, "/unavailable");
    }

    /** Creates a NatsCluster through our API, changes its labels {@code changes} times; its creation resourceVersion. */
    private static String createThenRelabel(String name, int changes) {
        String url = CustomResourcesIT.path(org, NATS);
        Http.Response created = operator.post(url, nats(name));
        assertEquals(201, created.status(), created.body());
        for (int round = 2; round < 2 + changes; round++) {
            assertEquals(200, operator.patch(url + "/" + name, "{\"metadata\":{\"labels\":{\"round\":\"" + round + "\"}}}")
                    .status());
        }
        return created.json().getJsonObject("metadata").getString("resourceVersion");
    }

    private static void assertWatchEndsWith(String path, int status, String typeSuffix) throws InterruptedException {
        try (EventStream stream = member(org, "viewer").events(path)) {
            EventStream.Event error = stream.next(Duration.ofSeconds(10));
            assertNotNull(error, "an ERROR event");
            assertEquals("ERROR", error.type(), error.data());
            assertEquals(status, error.json().getInt("status"), error.data());
            assertTrue(error.json().getString("type").endsWith(typeSuffix), error.data());
            assertFalse(error.data().contains("/registry/"), "no etcd internals: " + error.data());
            for (int i = 0; i < 40 && !stream.ended(); i++) {
                Thread.sleep(100);
            }
            assertTrue(stream.ended(), "the stream ends after an ERROR event");
        }
    }

    @Test
    void aForegroundDeleteWaitsForTheGarbageCollector() {
        // Foreground deletion: the API server marks the object and the garbage collector (a
        // kube-controller-manager loop; none runs here) removes it once its dependents are gone.
        // Until then it is still there, being deleted: 202 with what is left, not 204.
        String url = CustomResourcesIT.path(org, NATS);
        assertEquals(201, operator.post(url, nats("foreground")).status());
        Http.Response deleting = operator.delete(url + "/foreground?propagationPolicy=Foreground");
        assertEquals(202, deleting.status(), deleting.body());
        JsonObject metadata = deleting.json().getJsonObject("metadata");
        assertTrue(metadata.containsKey("deletionTimestamp"), metadata.toString());
        assertEquals("foregroundDeletion", metadata.getJsonArray("finalizers").getString(0));
        assertEquals(200, operator.get(url + "/foreground").status());
    }

    @Test
    void theServerRunsAsItsServiceAccountNotAsAnAdmin() {
        // The identity our server presents can read CRDs and its organisations' resources, and
        // nothing else: the same checks as deploy/kubernetes/README.md, asked of the real authorizer.
        String review = """
                {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview",
                 "spec":{"user":"%s","groups":["system:serviceaccounts","system:serviceaccounts:kaphera-system"],
                         "resourceAttributes":{"group":"%s","resource":"%s","verb":"%s","namespace":"%s"%s}}}""";
        record Ask(String group, String resource, String verb, String namespace, String subresource, boolean allowed) {
        }
        for (Ask ask : List.of(
                new Ask("edc.kaphera.io", "controlplanes", "list", "kaphera-" + org, "", true),
                new Ask("edc.kaphera.io", "controlplanes", "list", "default", "", false),
                new Ask("edc.kaphera.io", "controlplanes", "list", "", "", false),
                new Ask("edc.kaphera.io", "controlplanes", "patch", "kaphera-" + org, "status", false),
                new Ask("", "secrets", "get", "kaphera-" + org, "", false),
                new Ask("apiextensions.k8s.io", "customresourcedefinitions", "list", "", "", true))) {
            String body = review.formatted(KubernetesApi.SERVICE_ACCOUNT, ask.group(), ask.resource(), ask.verb(),
                    ask.namespace(), ask.subresource().isEmpty() ? "" : ",\"subresource\":\"" + ask.subresource() + "\"");
            var r = kubernetes.send("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", "application/json", body);
            assertEquals(201, r.statusCode(), r.body());
            assertEquals(ask.allowed(), r.body().contains("\"allowed\":true"), ask + ": " + r.body());
        }
    }
}
