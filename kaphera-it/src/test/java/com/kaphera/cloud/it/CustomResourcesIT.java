package com.kaphera.cloud.it;

import static com.kaphera.cloud.it.Problems.assertFieldError;
import static com.kaphera.cloud.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.EventStream;
import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.KubernetesApi;
import com.kaphera.cloud.it.support.Stack;
import com.kaphera.cloud.it.support.Tokens;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An organisation's custom resources through the real server, the real client-java and a real
 * kube-apiserver (as the server's service account, under deploy/kubernetes RBAC): every verb,
 * validation, concurrency, paging, watch, isolation. What only a real API server shows (RBAC
 * refusals, admission, its own schema checks, compaction, long paging) is in KubernetesClusterIT.
 */
class CustomResourcesIT {
    private static final String CP = "controlplanes.edc.kaphera.io";
    private static String oem;
    private static String sme;
    private static Http operator;
    private static Http viewer;
    private static Http otherOrgOperator;
    private static KubernetesApi kubernetes;

    @BeforeAll
    static void organisations() {
        Stack stack = Stack.get();
        kubernetes = stack.kubernetes();
        Tokens tokens = stack.tokens();
        oem = Fixtures.slug("oem-frankfurt");
        sme = Fixtures.slug("sme-castings");
        Http anonymous = new Http(stack.managed().baseUri());
        Fixtures.register(oem, "OEM Frankfurt AG");
        Fixtures.register(sme, "Novak Castings");
        operator = anonymous.as(tokens.forGroups("oem-operator", "/orgs/" + oem + "/operator"));
        viewer = anonymous.as(tokens.forGroups("oem-viewer", "/orgs/" + oem + "/viewer"));
        otherOrgOperator = anonymous.as(tokens.forGroups("sme-operator", "/orgs/" + sme + "/operator"));
    }

    static String path(String org, String type) {
        return "/api/v1/organisations/" + org + "/resources/" + type;
    }

    static String controlPlane(String name, int replicas) {
        return """
                {"apiVersion":"edc.kaphera.io/v1alpha1","kind":"ControlPlane",
                 "metadata":{"name":"%s","labels":{"app.kubernetes.io/component":"connector","team":"plant-7"}},
                 "spec":{"participantId":"BPNL00000000OEM1","version":"0.10.1","replicas":%d,
                         "postgresInstanceRef":{"name":"edc-db"},"identityHubRef":{"name":"wallet"}}}"""
                .formatted(name, replicas);
    }

    static JsonObject create(String name) {
        Http.Response r = operator.post(path(oem, CP), controlPlane(name, 1));
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    private static String namespace() {
        return "kaphera-" + oem;
    }

    private static int inKubernetes(String name) {
        return kubernetes.get("/apis/edc.kaphera.io/v1alpha1/namespaces/" + namespace() + "/controlplanes/" + name)
                .statusCode();
    }

    @Test
    void resourceTypesComeFromTheClustersDefinitions() {
        Http.Response r = viewer.get("/api/v1/resource-types");
        assertEquals(200, r.status(), r.body());
        List<JsonObject> items = r.json().getJsonArray("items").getValuesAs(JsonObject.class);
        List<String> ids = items.stream().map(t -> t.getString("id")).toList();
        for (String id : List.of(CP, "dataplanes.edc.kaphera.io", "identityhubs.edc.kaphera.io",
                "issuerservices.edc.kaphera.io", "dataspaceenablements.enablement.kaphera.io",
                "postgresinstances.cloud.kaphera.io", "vaultinstances.cloud.kaphera.io",
                "natsclusters.cloud.kaphera.io", "keycloakrealms.cloud.kaphera.io")) {
            assertTrue(ids.contains(id), id + " missing from " + ids);
        }
        JsonObject cp = items.stream().filter(t -> t.getString("id").equals(CP)).findFirst().orElseThrow();
        assertEquals("ControlPlane", cp.getString("kind"));
        assertEquals("kaphera-edc-operator", cp.getString("operator"));
        assertTrue(cp.getJsonObject("schema").getJsonObject("properties").containsKey("spec"), cp.toString());
        assertFalse(cp.getJsonArray("printerColumns").isEmpty());

        Http.Response again = viewer.get("/api/v1/resource-types", "If-None-Match", r.header("ETag"));
        assertEquals(304, again.status());
    }

    @Test
    void aKindAddedToTheClusterIsServedWithoutRestart() throws Exception {
        String crd = """
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
                 "metadata":{"name":"backupschedules.cloud.kaphera.io","labels":{"kaphera.io/operator":"kaphera-cloud-operator"}},
                 "spec":{"group":"cloud.kaphera.io","scope":"Namespaced",
                   "names":{"kind":"BackupSchedule","plural":"backupschedules","singular":"backupschedule","listKind":"BackupScheduleList"},
                   "versions":[{"name":"v1alpha1","served":true,"storage":true,"subresources":{"status":{}},
                     "schema":{"openAPIV3Schema":{"type":"object","properties":{
                       "apiVersion":{"type":"string"},"kind":{"type":"string"},"metadata":{"type":"object"},
                       "spec":{"type":"object","required":["cron"],"properties":{"cron":{"type":"string"}}},
                       "status":{"type":"object"}}}}}]}}""";
        assertEquals(201, kubernetes.send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                "application/json", crd).statusCode());
        // The cluster's administrator grants the server the new kind (deploy/kubernetes README, "When a
        // kind is added"): until then RBAC refuses it, which KubernetesClusterIT shows.
        assertEquals(200, kubernetes.send("PATCH", "/apis/rbac.authorization.k8s.io/v1/clusterroles/kaphera-cloud-server-tenant",
                "application/json-patch+json", """
                [{"op":"add","path":"/rules/-","value":{"apiGroups":["cloud.kaphera.io"],"resources":["backupschedules"],
                  "verbs":["get","list","watch","create","update","patch","delete"]}}]""").statusCode());
        Http.Response r = null;
        for (int i = 0; i < 40; i++) {
            r = viewer.get("/api/v1/resource-types/backupschedules.cloud.kaphera.io");
            if (r.status() == 200) {
                break;
            }
            Thread.sleep(250);
        }
        assertEquals(200, r.status(), r.body());
        Http.Response created = operator.post(path(oem, "backupschedules"),
                "{\"metadata\":{\"name\":\"nightly\"},\"spec\":{\"cron\":\"0 2 * * *\"}}");
        assertEquals(201, created.status(), created.body());
    }

    @Test
    void operatorCreatesReadsListsReplacesPatchesAndDeletes() {
        Http.Response created = operator.post(path(oem, CP), controlPlane("connector-a", 1));
        assertEquals(201, created.status(), created.body());
        JsonObject object = created.json();
        String version = object.getJsonObject("metadata").getString("resourceVersion");
        assertEquals("\"" + version + "\"", created.header("ETag"));
        assertTrue(created.header("Location").endsWith(path(oem, CP) + "/connector-a"), created.header("Location"));
        assertEquals(namespace(), object.getJsonObject("metadata").getString("namespace"));
        assertEquals(200, inKubernetes("connector-a"));

        Http.Response read = viewer.get(path(oem, "cp") + "/connector-a");
        assertEquals(200, read.status(), read.body());
        assertEquals(created.header("ETag"), read.header("ETag"));
        assertFalse(read.json().getJsonObject("metadata").containsKey("managedFields"));

        Http.Response list = viewer.get(path(oem, "controlplanes"));
        assertEquals(200, list.status(), list.body());
        assertTrue(list.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .anyMatch(i -> i.getJsonObject("metadata").getString("name").equals("connector-a")));

        Http.Response replaced = operator.send("PUT", path(oem, CP) + "/connector-a", "application/json",
                controlPlane("connector-a", 2), "If-Match", read.header("ETag"));
        assertEquals(200, replaced.status(), replaced.body());
        assertEquals(2, replaced.json().getJsonObject("spec").getInt("replicas"));

        Http.Response patched = operator.patch(path(oem, CP) + "/connector-a",
                "{\"spec\":{\"replicas\":3},\"metadata\":{\"labels\":{\"team\":null}}}");
        assertEquals(200, patched.status(), patched.body());
        assertEquals(3, patched.json().getJsonObject("spec").getInt("replicas"));
        assertFalse(patched.json().getJsonObject("metadata").getJsonObject("labels").containsKey("team"));

        Http.Response deleted = operator.delete(path(oem, CP) + "/connector-a?propagationPolicy=Background");
        assertEquals(204, deleted.status(), deleted.body());
        assertEquals(404, inKubernetes("connector-a"));
        assertProblem(viewer.get(path(oem, CP) + "/connector-a"), 404);
    }

    @Test
    void createReportsEveryFieldErrorAndSendsNothingToKubernetes() {
        Http.Response r = operator.post(path(oem, CP), """
                {"metadata":{"name":"broken"},
                 "spec":{"participantId":"not-a-bpn","version":"0.10.1","replicas":"three","colour":"red",
                         "identityHubRef":{"name":"wallet"},"image":{"pullPolicy":"Sometimes"}}}""");
        assertFieldError(r, "spec.postgresInstanceRef", "is required");
        assertFieldError(r, "spec.participantId", "must match");
        assertFieldError(r, "spec.replicas", "must be an integer");
        assertFieldError(r, "spec.colour", "is not a known field");
        assertFieldError(r, "spec.image.pullPolicy", "must be one of");
        assertEquals(404, inKubernetes("broken"));
    }

    @Test
    void malformedOversizedAndWronglyTypedBodiesAreProblems() {
        assertFieldError(operator.post(path(oem, CP), "{\"metadata\":"), "$", "not well-formed JSON");
        assertFieldError(operator.post(path(oem, CP), "[1,2]"), "$", "must be a JSON object");
        String huge = "{\"metadata\":{\"name\":\"big\"},\"spec\":{\"x\":\"" + "a".repeat(70_000) + "\"}}";
        assertProblem(operator.post(path(oem, CP), huge), 413);
        assertProblem(operator.send("PATCH", path(oem, CP) + "/whatever", "application/json", "{}"), 415);
        assertFieldError(operator.post(path(oem, CP), controlPlane("Not_A_Name", 1)), "metadata.name", "DNS subdomain");
    }

    @Test
    void hostileBodiesAndSelectorsAreProblemsNotFailures() {
        assertFieldError(operator.post(path(oem, CP), "[".repeat(100) + "]".repeat(100)), "$", "nested more than");
        assertFieldError(operator.post(path(oem, CP), "{\"metadata\":{\"name\":\"n\"},\"spec\":{\"replicas\":1e9999999999}}"),
                "$", "number out of range");
        assertFieldError(viewer.get(path(oem, CP) + "?labelSelector=k%20in%20(" + "a,".repeat(1000) + "a)"),
                "labelSelector", "at most");
        // a copy of a read object (with its resourceVersion) creates a new object; it is not an outage
        String copy = controlPlane("copied", 1).replace("\"name\":\"copied\"", "\"name\":\"copied\",\"resourceVersion\":\"7\"");
        assertEquals(201, operator.post(path(oem, CP), copy).status());
    }

    @Test
    void theOperatorsFinalizersSurviveUserWritesAndHoldTheDelete() {
        create("finalized");
        String direct = "/apis/edc.kaphera.io/v1alpha1/namespaces/" + namespace() + "/controlplanes/finalized";
        assertEquals(200, kubernetes.send("PATCH", direct, "application/merge-patch+json",
                "{\"metadata\":{\"finalizers\":[\"edc.kaphera.io/cleanup\"]}}").statusCode(), "the operator adds a finalizer");
        Http.Response patched = operator.patch(path(oem, CP) + "/finalized", "{\"spec\":{\"replicas\":2}}");
        assertEquals(200, patched.status(), patched.body());
        assertEquals("edc.kaphera.io/cleanup", patched.json().getJsonObject("metadata").getJsonArray("finalizers").getString(0));
        Http.Response replaced = operator.send("PUT", path(oem, CP) + "/finalized", "application/json",
                controlPlane("finalized", 3), "If-Match", patched.header("ETag"));
        assertEquals(200, replaced.status(), replaced.body());
        assertEquals(1, replaced.json().getJsonObject("metadata").getJsonArray("finalizers").size(), "PUT keeps finalizers");
        Http.Response deleting = operator.delete(path(oem, CP) + "/finalized");
        assertEquals(202, deleting.status(), deleting.body());
        assertTrue(deleting.json().getJsonObject("metadata").containsKey("deletionTimestamp"));
    }

    @Test
    void objectsMadeWithGenerateNameRoundTripAndPatch() {
        // kubectl create, GitOps tools and operators name objects with metadata.generateName.
        String collection = "/apis/edc.kaphera.io/v1alpha1/namespaces/" + namespace() + "/controlplanes";
        var made = kubernetes.send("POST", collection, "application/json", controlPlane("ignored", 1)
                .replace("\"name\":\"ignored\"", "\"generateName\":\"gitops-\""));
        assertEquals(201, made.statusCode(), made.body());
        String name = jakarta.json.Json.createReader(new java.io.StringReader(made.body())).readObject()
                .getJsonObject("metadata").getString("name");
        Http.Response read = viewer.get(path(oem, CP) + "/" + name);
        assertEquals("gitops-", read.json().getJsonObject("metadata").getString("generateName"));

        String modified = read.body().replace("\"replicas\":1", "\"replicas\":2");
        Http.Response replaced = operator.send("PUT", path(oem, CP) + "/" + name, "application/json", modified);
        assertEquals(200, replaced.status(), replaced.body());
        Http.Response patched = operator.patch(path(oem, CP) + "/" + name, "{\"spec\":{\"replicas\":3}}");
        assertEquals(200, patched.status(), patched.body());
        assertEquals("gitops-", patched.json().getJsonObject("metadata").getString("generateName"), "kept");
    }

    @Test
    void statusIsWrittenOnlyByOperators() {
        String withStatus = controlPlane("status-create", 1).replaceFirst("\\}\\}$",
                "},\"status\":{\"phase\":\"Ready\"}}");
        assertFieldError(operator.post(path(oem, CP), withStatus), "status", "written by the operator");
        assertEquals(404, inKubernetes("status-create"));

        JsonObject created = create("status-writes");
        assertFieldError(operator.patch(path(oem, CP) + "/status-writes", "{\"status\":{\"phase\":\"Ready\"}}"),
                "status", "written by the operator");
        String put = controlPlane("status-writes", 1).replaceFirst("\\}\\}$", "},\"status\":{\"phase\":\"Failed\"}}");
        assertFieldError(operator.send("PUT", path(oem, CP) + "/status-writes", "application/json", put,
                "If-Match", "\"" + created.getJsonObject("metadata").getString("resourceVersion") + "\""),
                "status", "written by the operator");
    }

    @Test
    void namespaceIsAlwaysTheOrganisationsAndPlatformLabelsAreReserved() {
        String elsewhere = controlPlane("ns-escape", 1).replace("\"name\":\"ns-escape\"",
                "\"name\":\"ns-escape\",\"namespace\":\"kaphera-" + sme + "\"");
        assertFieldError(operator.post(path(oem, CP), elsewhere), "metadata.namespace", "organisation's namespace");
        assertEquals(404, kubernetes.get("/apis/edc.kaphera.io/v1alpha1/namespaces/kaphera-" + sme
                + "/controlplanes/ns-escape").statusCode());

        String reserved = controlPlane("reserved", 1).replace("\"team\":\"plant-7\"", "\"kaphera.io/tier\":\"gold\"");
        assertFieldError(operator.post(path(oem, CP), reserved), "metadata.labels.kaphera.io/tier", "reserved");
        create("reserved-patch");
        assertFieldError(operator.patch(path(oem, CP) + "/reserved-patch",
                "{\"metadata\":{\"annotations\":{\"billing.kaphera.io/plan\":\"free\"}}}"),
                "metadata.annotations.billing.kaphera.io/plan", "reserved");
    }

    @Test
    void writesAreConditionalAndNeverLoseAnUpdate() {
        JsonObject created = create("conditional");
        String etag = "\"" + created.getJsonObject("metadata").getString("resourceVersion") + "\"";
        String url = path(oem, CP) + "/conditional";

        assertProblem(operator.send("PUT", url, "application/json", controlPlane("conditional", 2)), 428);
        String disagreeing = controlPlane("conditional", 2).replace("\"name\":\"conditional\"",
                "\"name\":\"conditional\",\"resourceVersion\":\"1\"");
        assertFieldError(operator.send("PUT", url, "application/json", disagreeing, "If-Match", etag),
                "metadata.resourceVersion", "disagrees with If-Match");
        assertEquals(200, operator.patch(url, "{\"spec\":{\"replicas\":2}}").status());
        assertProblem(operator.send("PUT", url, "application/json", controlPlane("conditional", 3), "If-Match", etag), 412);
        assertProblem(operator.patch(url, "{\"spec\":{\"replicas\":4}}", "If-Match", etag), 412);
        assertProblem(operator.delete(url, "If-Match", etag), 412);
        String stale = controlPlane("conditional", 5).replace("\"name\":\"conditional\"",
                "\"name\":\"conditional\",\"resourceVersion\":\"" + created.getJsonObject("metadata").getString("resourceVersion") + "\"");
        assertProblem(operator.send("PUT", url, "application/json", stale), 409);
        assertProblem(operator.post(path(oem, CP), controlPlane("conditional", 1)), 409);
        assertEquals(2, viewer.get(url).json().getJsonObject("spec").getInt("replicas"));
    }

    @Test
    void aResourceVersionInAPatchIsAPreconditionAndNeverLosesAnUpdate() {
        JsonObject created = create("pinned-patch");
        String read = created.getJsonObject("metadata").getString("resourceVersion");
        String url = path(oem, CP) + "/pinned-patch";
        // Someone else changes it after we read version `read`.
        assertEquals(200, operator.patch(url, "{\"spec\":{\"replicas\":2}}").status());
        // Our patch says which version it was computed from: refused, their change kept.
        assertProblem(operator.patch(url, "{\"metadata\":{\"resourceVersion\":\"" + read + "\"},\"spec\":{\"replicas\":4}}"),
                409);
        assertEquals(2, viewer.get(url).json().getJsonObject("spec").getInt("replicas"));
        // With the current version it applies; a version that disagrees with If-Match or is not a string is a 400.
        String current = viewer.get(url).json().getJsonObject("metadata").getString("resourceVersion");
        Http.Response applied = operator.patch(url, "{\"metadata\":{\"resourceVersion\":\"" + current
                + "\"},\"spec\":{\"replicas\":4}}");
        assertEquals(200, applied.status(), applied.body());
        assertEquals(4, applied.json().getJsonObject("spec").getInt("replicas"));
        assertFieldError(operator.patch(url, "{\"metadata\":{\"resourceVersion\":\"1\"}}", "If-Match",
                applied.header("ETag")), "metadata.resourceVersion", "disagrees with If-Match");
        assertFieldError(operator.patch(url, "{\"metadata\":{\"resourceVersion\":7}}"), "metadata.resourceVersion",
                "string");
    }

    @Test
    void concurrentReplacesOfTheSameVersionHaveExactlyOneWinner() throws Exception {
        JsonObject created = create("race");
        String etag = "\"" + created.getJsonObject("metadata").getString("resourceVersion") + "\"";
        int writers = 6;
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            int replicas = 2 + (i % 4); // every writer changes something (a no-op update succeeds in Kubernetes)
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return operator.send("PUT", path(oem, CP) + "/race", "application/json",
                        controlPlane("race", replicas), "If-Match", etag).status();
            }));
        }
        start.countDown();
        List<Integer> statuses = results.stream().map(CompletableFuture::join).toList();
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(writers - 1, statuses.stream().filter(s -> s == 412).count(), statuses.toString());
    }

    @Test
    void pagesWalkEveryItemExactlyOnceInNameOrder() {
        String label = "batch-" + System.nanoTime();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String name = "page-" + label + "-" + i;
            String body = controlPlane(name, 1).replace("\"team\":\"plant-7\"", "\"batch\":\"" + label + "\"");
            assertEquals(201, operator.post(path(oem, CP), body).status());
            names.add(name);
        }
        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            Http.Response r = viewer.get(path(oem, CP) + "?limit=3&labelSelector=batch%3D" + label
                    + (next == null ? "" : "&continue=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals(200, r.status(), r.body());
            r.json().getJsonArray("items").getValuesAs(JsonObject.class)
                    .forEach(i -> seen.add(i.getJsonObject("metadata").getString("name")));
            next = r.json().containsKey("continue") && !r.json().isNull("continue") ? r.json().getString("continue") : null;
            pages++;
        } while (next != null && pages < 10);
        assertEquals(names, seen);
        assertEquals(3, pages);
    }

    @Test
    void selectorsFilterAndMalformedSelectorsAreRefused() {
        create("selected-one");
        Http.Response byName = viewer.get(path(oem, CP) + "?fieldSelector=metadata.name%3Dselected-one");
        assertEquals(200, byName.status(), byName.body());
        assertEquals(List.of("selected-one"), byName.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .map(i -> i.getJsonObject("metadata").getString("name")).toList());
        assertFieldError(viewer.get(path(oem, CP) + "?labelSelector=a%20b%20c"), "labelSelector", "not a label selector");
        assertFieldError(viewer.get(path(oem, CP) + "?fieldSelector=spec.replicas%3D1"), "fieldSelector", "not supported");
        assertFieldError(viewer.get(path(oem, CP) + "?limit=0"), "limit", "");
    }

    @Test
    void watchDeliversChangesInOrderAndResumesFromLastEventId() throws Exception {
        Http.Response list = viewer.get(path(oem, CP) + "?fieldSelector=metadata.name%3Dwatched");
        String from = list.json().getString("resourceVersion");
        List<EventStream.Event> events;
        try (EventStream stream = viewer.events(path(oem, CP) + "?watch=true&resourceVersion=" + from
                + "&fieldSelector=metadata.name%3Dwatched")) {
            assertEquals(200, stream.status());
            assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
            create("watched");
            assertEquals(200, operator.patch(path(oem, CP) + "/watched", "{\"spec\":{\"replicas\":2}}").status());
            assertEquals(204, operator.delete(path(oem, CP) + "/watched").status());
            events = stream.take(3, Duration.ofSeconds(15));
        }
        assertEquals(List.of("ADDED", "MODIFIED", "DELETED"), events.stream().map(EventStream.Event::type).toList());
        events.forEach(e -> assertEquals("watched", e.name()));
        events.forEach(e -> assertNotNull(e.id()));

        try (EventStream resumed = viewer.events(path(oem, CP) + "?watch=true&fieldSelector=metadata.name%3Dwatched",
                "Last-Event-ID", events.get(0).id())) {
            List<EventStream.Event> rest = resumed.take(2, Duration.ofSeconds(15));
            assertEquals(List.of("MODIFIED", "DELETED"), rest.stream().map(EventStream.Event::type).toList());
            assertEquals(events.get(2).id(), rest.get(1).id());
        }
    }

    @Test
    void aDeletedOrganisationHasNoResources() {
        String gone = Fixtures.slug("sme-plastics");
        Fixtures.register(gone, "Brandt Plastics");
        Stack stack = Stack.get();
        Http member = new Http(stack.managed().baseUri()).as(stack.tokens().forGroups("brandt", "/orgs/" + gone + "/admin"));
        assertEquals(201, member.post(path(gone, CP), controlPlane("connector", 1)).status());
        assertEquals(204, new Http(stack.managed().baseUri()).as(stack.tokens().platformAdmin())
                .delete("/api/v1/organisations/" + gone).status());
        assertProblem(member.get(path(gone, CP) + "/connector"), 404);
        assertProblem(member.post(path(gone, CP), controlPlane("after-delete", 1)), 404);
    }

    @Test
    void anOrganisationDeletedThroughOneServerIsGoneOnAnotherAtOnce() throws Exception {
        // Two server instances on one database: the BYOC test server keeps the organisation's namespace
        // in memory; the deletion through the managed one reaches it by PostgreSQL NOTIFY.
        String gone = Fixtures.slug("sme-electronics");
        Fixtures.register(gone, "Renard Electronics");
        Stack stack = Stack.get();
        Http other = new Http(stack.byoc().baseUri()).as(stack.tokens().forGroups("renard", "/orgs/" + gone + "/admin"));
        Http.Response first = other.get(path(gone, CP));
        assertEquals(200, first.status(), first.body());
        Thread.sleep(500); // its listener is up by now: the next read is served from memory
        assertEquals(200, other.get(path(gone, CP)).status());
        assertEquals(204, new Http(stack.managed().baseUri()).as(stack.tokens().platformAdmin())
                .delete("/api/v1/organisations/" + gone).status());
        int status = 0;
        for (int i = 0; i < 20 && status != 404; i++) {
            status = other.get(path(gone, CP)).status();
            if (status != 404) {
                Thread.sleep(100);
            }
        }
        assertEquals(404, status, "the other instance still serves a deleted organisation's resources");
    }

    @Test
    void theServersKubernetesCredentialsNeverReachTheLog() throws Exception {
        create("log-check");
        assertFalse(Stack.get().managed().messagesLog().contains(kubernetes.serviceAccountToken()), "token in messages.log");
    }

    @Test
    void watchWithoutResumePointStartsWithCurrentObjectsAndSendsHeartbeats() throws Exception {
        create("watch-initial");
        try (EventStream stream = viewer.events(path(oem, CP) + "?fieldSelector=metadata.name%3Dwatch-initial")) {
            EventStream.Event first = stream.next(Duration.ofSeconds(10));
            assertNotNull(first);
            assertEquals("ADDED", first.type());
            assertEquals("watch-initial", first.name());
            assertEquals(null, first.id(), "the snapshot is not a change: no resume point");
            EventStream.Event synced = stream.next(Duration.ofSeconds(10));
            assertEquals("SYNCED", synced.type());
            assertNotNull(synced.id(), "resume from here to get every later change");
            Thread.sleep(2500);
            assertTrue(stream.heartbeats() >= 2, "heartbeats: " + stream.heartbeats());
        }
    }

    @Test
    void watchesPerUserAreBoundedAndFreedWhenClientsDisconnect() throws Exception {
        Http watcher = new Http(Stack.get().managed().baseUri()).as(Stack.get().tokens()
                .forGroups("oem-dashboard", "/orgs/" + oem + "/viewer"));
        List<EventStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < Stack.WATCHES_PER_USER; i++) {
                EventStream s = watcher.events(path(oem, CP) + "?watch=true");
                assertEquals(200, s.status());
                open.add(s);
            }
            EventStream refused = watcher.events(path(oem, CP) + "?watch=true");
            assertEquals(429, refused.status());
            refused.close();
            open.remove(0).close();
            int status = 0;
            for (int i = 0; i < 40 && status != 200; i++) {
                Thread.sleep(250);
                EventStream again = watcher.events(path(oem, CP) + "?watch=true");
                status = again.status();
                if (status == 200) {
                    open.add(again);
                } else {
                    again.close();
                }
            }
            assertEquals(200, status, "a closed watch must free its slot within a heartbeat or two");
        } finally {
            open.forEach(EventStream::close);
        }
    }

    @Test
    void anotherOrganisationsResourcesAreUnreachable() {
        create("private-connector");
        String url = path(oem, CP) + "/private-connector";
        assertProblem(otherOrgOperator.get(url), 404);
        assertProblem(otherOrgOperator.get(path(oem, CP)), 404);
        assertProblem(otherOrgOperator.send("PUT", url, "application/json", controlPlane("private-connector", 5),
                "If-Match", "\"1\""), 404);
        assertProblem(otherOrgOperator.patch(url, "{\"spec\":{\"replicas\":5}}"), 404);
        assertProblem(otherOrgOperator.delete(url), 404);
        assertProblem(otherOrgOperator.post(path(oem, CP), controlPlane("planted", 1)), 404);
        try (EventStream watch = otherOrgOperator.events(path(oem, CP) + "?watch=true")) {
            assertEquals(404, watch.status());
        }
        assertEquals(1, viewer.get(url).json().getJsonObject("spec").getInt("replicas"));
        assertEquals(404, inKubernetes("planted"));
        // its own path does not lead into another namespace either
        assertProblem(otherOrgOperator.get(path(sme, CP) + "/private-connector"), 404);
    }

    @Test
    void viewersReadButNeverWrite() {
        create("viewer-target");
        String url = path(oem, CP) + "/viewer-target";
        assertEquals(200, viewer.get(url).status());
        assertProblem(viewer.post(path(oem, CP), controlPlane("by-viewer", 1)), 403);
        assertProblem(viewer.patch(url, "{\"spec\":{\"replicas\":2}}"), 403);
        assertProblem(viewer.send("PUT", url, "application/json", controlPlane("viewer-target", 2), "If-Match", "\"1\""), 403);
        assertProblem(viewer.delete(url), 403);
        assertEquals(200, inKubernetes("viewer-target"));
    }

    @Test
    void unknownTypesAndUnauthenticatedCallsAreProblems() {
        assertProblem(viewer.get(path(oem, "gadgets.example.com")), 404);
        assertProblem(new Http(Stack.get().managed().baseUri()).get(path(oem, CP)), 401);
        assertProblem(new Http(Stack.get().managed().baseUri()).get("/api/v1/resource-types"), 401);
    }
}
