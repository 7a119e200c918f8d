package com.kaphera.cloud.it;

import static com.kaphera.cloud.it.Problems.assertFieldError;
import static com.kaphera.cloud.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.EventStream;
import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.IdentityHub;
import com.kaphera.cloud.it.support.LibertyServer;
import com.kaphera.cloud.it.support.Stack;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The join flow end to end through the real parts: the managed server (its workers configured with
 * the platform wallet), the real EDC IdentityHub as the shared wallet, the real kube-apiserver, and
 * the dev-only operator running a real EDC control plane for each ControlPlane.
 */
class JoinIT {
    private static Stack stack;
    private static IdentityHub wallet;
    private static LibertyServer joins;
    private static Governance open;

    @BeforeAll
    static void start() {
        stack = Stack.get();
        wallet = stack.identityHub();
        stack.devOperator();
        joins = stack.managed();
        open = Governance.published("join", Governance.pilotProfile(true, Governance.bpnl()));
    }

    @AfterAll
    static void stop() {
        // Test classes after this one create ControlPlanes of their own: no connectors for them.
        stack.devOperator().stop();
    }

    static Http admin(String org) {
        return new Http(joins.baseUri()).as(stack.tokens().forGroups("admin-of-" + org, "/orgs/" + org + "/admin"));
    }

    static String submission(String dataspace, String model, String bpnl) {
        return Json.createObjectBuilder().add("dataspace", dataspace).add("deploymentModel", model)
                .add("legalEntityId", bpnl).build().toString();
    }

    static JsonObject awaitState(Http http, String path, String state, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        JsonObject last = null;
        while (Instant.now().isBefore(deadline)) {
            Http.Response r = http.get(path);
            assertEquals(200, r.status(), r.body());
            last = r.json();
            if (state.equals(last.getString("state"))) {
                return last;
            }
            if (!"running".equals(last.getString("state")) && !state.startsWith("awaiting") && last.getString("state").equals("failed")) {
                throw new AssertionError("the join failed instead of reaching " + state + ": " + last);
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the join did not reach " + state + " within " + timeout + ": " + last);
    }

    @Test
    void aSharedManagedJoinReachesARealConnectorAnsweringDspLiveTrackedAndAuditedOncePerStep() throws Exception {
        String org = Fixtures.slug("sme-join");
        Fixtures.register(org, "Novak Castings s.r.o.");
        Http admin = admin(org);
        String key = UUID.randomUUID().toString();
        String body = submission(open.slug, "shared-managed", Fixtures.bpnl());

        Http.Response started = admin.post("/api/v1/organisations/" + org + "/joins", body, "Idempotency-Key", key);
        assertEquals(202, started.status(), started.body());
        String location = URI.create(started.header("Location")).getPath();
        String id = started.json().getString("id");
        assertEquals("/api/v1/organisations/" + org + "/joins/" + id, location);
        assertEquals("running", started.json().getString("state"));

        // The same key and body: the same join; another body: 422; no key: 400.
        Http.Response again = admin.post("/api/v1/organisations/" + org + "/joins", body, "Idempotency-Key", key);
        assertEquals(200, again.status(), again.body());
        assertEquals(id, again.json().getString("id"));
        Http.Response other = admin.post("/api/v1/organisations/" + org + "/joins",
                submission(open.slug, "dedicated-managed", Fixtures.bpnl()), "Idempotency-Key", key);
        assertEquals(422, other.status(), other.body());
        Http.Response noKey = admin.post("/api/v1/organisations/" + org + "/joins", body);
        assertEquals(400, noKey.status(), noKey.body());

        // Tracked as a browser would: when the stream ends before the join is final, it comes back with
        // Last-Event-ID and gets what it missed, nothing twice.
        List<EventStream.Event> seen = new ArrayList<>();
        List<String> reconnects = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(180);
        boolean finished = false;
        while (!finished && Instant.now().isBefore(deadline)) {
            String[] resume = seen.isEmpty() ? new String[0] : new String[] {"Last-Event-ID", seen.get(seen.size() - 1).id()};
            try (EventStream events = admin.events(location + "/events", resume)) {
                assertEquals(200, events.status());
                while (!finished && Instant.now().isBefore(deadline) && !events.ended()) {
                    EventStream.Event e = events.next(Duration.ofSeconds(1));
                    if (e != null) {
                        seen.add(e);
                        String state = e.json().getString("state");
                        finished = state.equals("succeeded") || state.equals("failed");
                    }
                }
                if (!finished && events.ended()) {
                    reconnects.add(Instant.now() + " after " + seen.size() + " events");
                }
            }
        }
        if (!reconnects.isEmpty()) {
            // Not a failure (a tracker comes back), but a stream that ends before its join is final is worth seeing.
            System.out.println("JoinIT: the join's event stream ended early and was resumed: " + reconnects);
        }
        JsonObject done = admin.get(location).json();
        assertEquals("succeeded", done.getString("state"), "reconnects " + reconnects + "; the operator on its connector: "
                + stack.devOperator().logLinesAbout(org) + "; the join: " + done);
        assertEquals(seen.size(), seen.stream().map(EventStream.Event::id).distinct().count(), "no event twice: " + seen);
        assertEquals("submitted", seen.get(0).type(), seen.toString());
        assertEquals("succeeded", seen.get(seen.size() - 1).json().getString("state"));
        for (JsonObject step : done.getJsonArray("steps").getValuesAs(JsonObject.class)) {
            assertEquals("done", step.getString("status"), step.toString());
            assertNotNull(step.getString("startedAt"));
            assertNotNull(step.getString("finishedAt"));
        }

        // A real connector: the operator's status names its DSP endpoint, which answers the version document.
        JsonObject details = done.getJsonObject("details");
        String did = details.getString("did");
        assertTrue(did.startsWith("did:web:"), details.toString());
        String dsp = details.getString("dspEndpoint");
        HttpResponse<String> version = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(dsp + "/.well-known/dspace-version")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, version.statusCode(), version.body());

        // Resumable: from the first event's id, everything after it again.
        try (EventStream events = admin.events(location + "/events", "Last-Event-ID", seen.get(0).id())) {
            EventStream.Event next = events.next(Duration.ofSeconds(5));
            assertEquals(seen.get(1).id(), next.id());
        }

        // Published to the members' discovery, and one audit entry per step.
        Http.Response fellows = admin.get("/api/v1/organisations/" + org + "/dataspaces/" + open.slug + "/members");
        assertEquals(200, fellows.status(), fellows.body());
        assertTrue(fellows.body().contains(dsp), fellows.body());
        Http.Response audit = admin.get("/api/v1/organisations/" + org + "/audit?operation=join.step&limit=50");
        assertEquals(200, audit.status(), audit.body());
        assertEquals(5, audit.json().getJsonArray("items").size(), audit.body());

        // Metered once (billing): the join that succeeded, and the credential our issuer signed for it.
        Http.Response usage = admin.get("/api/v1/organisations/" + org + "/usage-events?limit=1000");
        assertEquals(200, usage.status(), usage.body());
        List<JsonObject> metered = usage.json().getJsonArray("items").getValuesAs(JsonObject.class);
        assertEquals(1, metered.stream().filter(e -> e.getString("id").equals("join:" + id)
                && e.getString("metric").equals("joins")).count(), usage.body());
        assertTrue(metered.stream().anyMatch(e -> e.getString("id").startsWith("credential:")
                && e.getString("metric").equals("credentials-issued")), usage.body());

        // Another organisation cannot read, retry or cancel it.
        String stranger = Fixtures.slug("stranger");
        Fixtures.register(stranger, "Stranger GmbH");
        Http other2 = admin(stranger);
        assertEquals(404, other2.get("/api/v1/organisations/" + org + "/joins/" + id).status());
        assertEquals(404, other2.get("/api/v1/organisations/" + stranger + "/joins/" + id).status());
        assertEquals(404, other2.post("/api/v1/organisations/" + stranger + "/joins/" + id + "/retry", "{}").status());
        assertEquals(404, other2.post("/api/v1/organisations/" + stranger + "/joins/" + id + "/cancel", "{}").status());
        assertFalse(done.toString().contains(wallet.adminApiKey()), "no secret in the view");
    }

    @Test
    void aManualApprovalWaitsForTheAuthorityAndARejectionFailsWithItsReason() throws Exception {
        Governance manual = Governance.published("join-manual", Governance.pilotProfile(false, Governance.bpnl(),
                Governance.manualApproval()));
        String approvedOrg = Fixtures.slug("sme-approved");
        Fixtures.register(approvedOrg, "Approved GmbH");
        String rejectedOrg = Fixtures.slug("sme-rejected");
        Fixtures.register(rejectedOrg, "Rejected GmbH");
        String approved = start(approvedOrg, manual.slug);
        String rejected = start(rejectedOrg, manual.slug);
        JsonObject waiting = awaitState(admin(approvedOrg), "/api/v1/organisations/" + approvedOrg + "/joins/" + approved,
                "awaiting-authority", Duration.ofSeconds(30));
        assertTrue(waiting.getString("waitingFor").contains("authority"), waiting.toString());
        awaitState(admin(rejectedOrg), "/api/v1/organisations/" + rejectedOrg + "/joins/" + rejected,
                "awaiting-authority", Duration.ofSeconds(30));

        // The authority sees both in its dataspace's joins.
        Http.Response listed = manual.authorityViewer.get(manual.path("/joins"));
        assertEquals(200, listed.status(), listed.body());
        assertEquals(2, listed.json().getJsonArray("items").size(), listed.body());

        String approvedRequest = waiting.getJsonObject("details").getString("membershipRequest");
        assertEquals(200, manual.authority.post(manual.path("/membership-requests/" + approvedRequest + "/approve"),
                "{\"reason\":\"Agreement checked\"}").status());
        String rejectedRequest = admin(rejectedOrg).get("/api/v1/organisations/" + rejectedOrg + "/joins/" + rejected)
                .json().getJsonObject("details").getString("membershipRequest");
        assertEquals(200, manual.authority.post(manual.path("/membership-requests/" + rejectedRequest + "/reject"),
                "{\"reason\":\"Not a supplier of the consortium\"}").status());

        awaitState(admin(approvedOrg), "/api/v1/organisations/" + approvedOrg + "/joins/" + approved, "succeeded",
                Duration.ofSeconds(120));
        JsonObject failed = awaitState(admin(rejectedOrg), "/api/v1/organisations/" + rejectedOrg + "/joins/" + rejected,
                "failed", Duration.ofSeconds(30));
        assertTrue(failed.getString("outcome").contains("Not a supplier of the consortium"), failed.toString());
        assertEquals("request", failed.getString("step"));
    }

    @Test
    void aPermanentFailureFailsTheJoinAndAPersonRetriesItOnceTheCauseIsFixed() throws Exception {
        String org = Fixtures.slug("sme-blocked");
        Fixtures.register(org, "Blocked GmbH");
        // A ControlPlane of the same name that this join did not create is in the way.
        String blocker = "{\"apiVersion\":\"edc.kaphera.io/v1alpha1\",\"kind\":\"ControlPlane\",\"metadata\":{\"name\":\""
                + open.slug + "-cp\"},\"spec\":{\"participantId\":\"BPNL00000003AYRE\",\"version\":\"0.15.1\","
                + "\"postgresInstanceRef\":{\"name\":\"x\"},\"identityHubRef\":{\"name\":\"x\"},"
                + "\"settings\":{\"kaphera.dev/connector\":\"none\"}}}";
        Http admin = admin(org);
        Http operatorView = new Http(stack.managed().baseUri()).as(stack.tokens().forGroups("admin-of-" + org, "/orgs/" + org + "/admin"));
        assertEquals(201, operatorView.post("/api/v1/organisations/" + org + "/resources/controlplanes", blocker).status());
        String id = start(org, open.slug);
        String path = "/api/v1/organisations/" + org + "/joins/" + id;
        JsonObject failed = awaitState(admin, path, "failed", Duration.ofSeconds(90));
        assertEquals("connector", failed.getString("step"), failed.toString());
        assertTrue(failed.getString("outcome").contains("not created by this join"), failed.toString());
        assertTrue(failed.getJsonArray("nextActions").toString().contains("retry"));

        assertEquals(204, operatorView.delete("/api/v1/organisations/" + org + "/resources/controlplanes/" + open.slug + "-cp")
                .status());
        Http.Response retried = admin.post(path + "/retry", "{\"reason\":\"removed the old control plane\"}");
        assertEquals(200, retried.status(), retried.body());
        assertEquals("running", retried.json().getString("state"));
        awaitState(admin, path, "succeeded", Duration.ofSeconds(120));
    }

    @Test
    void aKubernetesOutageDuringAStepIsRetriedWithBackoffAndTheJoinSucceeds() throws Exception {
        // The identity step writes the wallet's secret into the organisation's namespace: it fails while Kubernetes is away.
        outageDuringIdentity(stack.kubernetes().proxy(), "Kubernetes");
    }

    @Test
    void aWalletOutageDuringAStepIsRetriedWithBackoffAndTheJoinSucceeds() throws Exception {
        outageDuringIdentity(stack.walletIdentityApi(), "wallet");
    }

    private static void outageDuringIdentity(com.kaphera.cloud.it.support.TcpProxy dependency, String named) throws Exception {
        String org = Fixtures.slug("sme-outage");
        Fixtures.register(org, "Outage GmbH");
        String path;
        JsonObject retrying = null;
        JsonObject last = null;
        dependency.cut();
        try {
            path = "/api/v1/organisations/" + org + "/joins/" + start(org, open.slug);
            Instant deadline = Instant.now().plusSeconds(60);
            while (Instant.now().isBefore(deadline) && retrying == null) {
                JsonObject now = admin(org).get(path).json();
                last = now;
                if (now.getJsonArray("steps").getJsonObject(1).getInt("failedAttempts") >= 1) {
                    retrying = now;
                }
                Thread.sleep(50);
            }
        } finally {
            dependency.restore();
        }
        assertNotNull(retrying, "no failed attempt was recorded while the " + named + " was away: " + last);
        assertEquals("running", retrying.getString("state"), retrying.toString());
        assertTrue(retrying.containsKey("nextAttemptAt"), retrying.toString());
        JsonObject done = awaitState(admin(org), path, "succeeded", Duration.ofSeconds(120));
        assertTrue(done.getJsonArray("steps").getJsonObject(1).getString("lastError").contains(named), done.toString());
    }

    /**
     * Dedicated managed: the identity step creates the organisation's own wallet (PostgresInstance,
     * VaultInstance, IdentityHub), waits until its operator reports it Ready, and creates the participant
     * context through the Identity API address in the IdentityHub's status. Here the dev operator reports the
     * stack's real IdentityHub behind a relay of its own ({@link Stack#dedicatedWalletIdentityApi()}); the
     * platform wallet's relay is cut for the whole join, so every wallet call must use the reported address.
     */
    @Test
    void aJoinWatchingForItsConnectorDoesNotHoldUpAnotherJoin() throws Exception {
        // With the operator away, a join's ready step watches (kaphera.join.ready-watch-seconds, 20 s) for a
        // Ready that does not come. A join submitted meanwhile must not wait for that watch to end.
        String first = Fixtures.slug("sme-watching");
        String second = Fixtures.slug("sme-behind");
        Fixtures.register(first, "Watching GmbH");
        Fixtures.register(second, "Behind GmbH");
        stack.devOperator().stop();
        String firstPath;
        String secondPath;
        try {
            firstPath = "/api/v1/organisations/" + first + "/joins/" + start(first, open.slug);
            awaitStep(admin(first), firstPath, "ready", Duration.ofSeconds(60));
            Instant submitted = Instant.now();
            secondPath = "/api/v1/organisations/" + second + "/joins/" + start(second, open.slug);
            awaitStep(admin(second), secondPath, "ready", Duration.ofSeconds(60));
            Duration behind = Duration.between(submitted, Instant.now());
            assertTrue(behind.compareTo(Duration.ofSeconds(15)) < 0, "the second join reached its ready step only after "
                    + behind + ": it waited for the first join's watch");
        } finally {
            stack.devOperator().start();
        }
        awaitState(admin(first), firstPath, "succeeded", Duration.ofSeconds(120));
        awaitState(admin(second), secondPath, "succeeded", Duration.ofSeconds(120));
    }

    @Test
    void badSubmissionsAndActionsAreRefusedFieldByFieldAndStartNothing() throws Exception {
        String org = Fixtures.slug("sme-sloppy");
        Fixtures.register(org, "Sloppy Inputs GmbH");
        Http admin = admin(org);
        String joins = "/api/v1/organisations/" + org + "/joins";
        String key = UUID.randomUUID().toString();
        assertProblem(admin.post(joins, "{\"dataspace\":", "Idempotency-Key", key), 400);
        assertFieldError(admin.post(joins, "{\"dataspace\":\"" + open.slug + "\",\"colour\":\"red\"}", "Idempotency-Key", key),
                "colour", "not a known field");
        assertFieldError(admin.post(joins, "{\"dataspace\":5,\"deploymentModel\":\"shared-managed\"}", "Idempotency-Key", key),
                "dataspace", "");
        assertFieldError(admin.post(joins, "{\"deploymentModel\":\"shared-managed\"}", "Idempotency-Key", key),
                "dataspace", "required");
        assertFieldError(admin.post(joins, submission(open.slug, "in-the-cloud", Fixtures.bpnl()), "Idempotency-Key", key),
                "deploymentModel", "one of");
        assertFieldError(admin.post(joins, submission("no-such-dataspace", "shared-managed", Fixtures.bpnl()),
                "Idempotency-Key", key), "dataspace", "no published dataspace");
        assertFieldError(admin.post(joins, submission(open.slug, "on-premise", Fixtures.bpnl()), "Idempotency-Key", key),
                "holderDid", "required");
        assertFieldError(admin.post(joins, submission(open.slug, "shared-managed", Fixtures.bpnl()), "Idempotency-Key",
                "x".repeat(201)), "Idempotency-Key", "");
        assertProblem(admin.post(joins, "{\"dataspace\":\"" + "d".repeat(2 * 1024 * 1024) + "\"}", "Idempotency-Key", key), 413);
        // None of them started a join, nor used up the key.
        assertEquals(0, admin.get(joins).json().getJsonArray("items").size());

        Http.Response started = admin.post(joins, submission(open.slug, "shared-managed", Fixtures.bpnl()), "Idempotency-Key", key);
        assertEquals(202, started.status(), started.body());
        String path = joins + "/" + started.json().getString("id");
        assertFieldError(admin.post(path + "/steps/identity/skip", "{}"), "reason", "required");
        assertFieldError(admin.post(path + "/retry", "{\"reason\":\"" + "r".repeat(2001) + "\"}"), "reason", "2000");
        assertFieldError(admin.post(path + "/retry", "{\"why\":\"because\"}"), "why", "not a known field");
        assertProblem(admin.post(path + "/steps/teleport/skip", "{\"reason\":\"no such step\"}"), 404);
        assertFieldError(admin.post(path + "/connector", "{\"dspEndpoint\":\"ftp://edc.example/dsp\"}"), "dspEndpoint", "DSP");
        assertProblem(admin.post(path + "/connector", "{\"dspEndpoint\":\"https://edc.example/dsp\"}"), 409);
        assertFieldError(admin.get(path + "/events", "Accept", "text/event-stream", "Last-Event-ID", "yesterday"),
                "Last-Event-ID", "event id");
        assertProblem(admin.get(joins + "/not-a-uuid"), 404);
        awaitState(admin, path, "succeeded", Duration.ofSeconds(120));
    }

    @Test
    void aDedicatedManagedJoinGetsItsOwnInfrastructureFirst() throws Exception {
        String org = Fixtures.slug("tier1-dedicated");
        Fixtures.register(org, "Tier-1 Dedicated AG");
        com.kaphera.cloud.it.support.TcpProxy shared = stack.walletIdentityApi();
        com.kaphera.cloud.it.support.TcpProxy own = stack.dedicatedWalletIdentityApi();
        long callsBefore = own.connections();
        JsonObject done;
        shared.cut();
        try {
            Http.Response r = admin(org).post("/api/v1/organisations/" + org + "/joins",
                    submission(open.slug, "dedicated-managed", Fixtures.bpnl()), "Idempotency-Key", UUID.randomUUID().toString());
            assertEquals(202, r.status(), r.body());
            done = awaitState(admin(org), "/api/v1/organisations/" + org + "/joins/" + r.json().getString("id"),
                    "succeeded", Duration.ofSeconds(150));
        } finally {
            shared.restore();
        }
        JsonObject details = done.getJsonObject("details");
        String resources = details.getString("resources");
        for (String kind : List.of("PostgresInstance", "VaultInstance", "NatsCluster", "IdentityHub", "ControlPlane", "DataPlane")) {
            assertTrue(resources.contains(kind + "/"), kind + " in " + resources);
        }

        // The wallet's resource: Ready, serving the planned DID, at the address the join used.
        String namespace = "kaphera-" + org;
        JsonObject hub = resource(namespace, "identityhub", open.slug + "-wallet");
        JsonObject status = hub.getJsonObject("status");
        assertEquals(details.getString("did"), hub.getJsonObject("spec").getString("did"));
        assertEquals(details.getString("did"), status.getString("did"), status.toString());
        assertEquals(details.getString("walletIdentityApiUrl"), status.getString("identityApiUrl"), status.toString());
        assertEquals(own.port(), URI.create(status.getString("identityApiUrl")).getPort());
        assertTrue(own.connections() > callsBefore, "the participant context was not created through the wallet's reported address");

        // The order: the wallet existed and was Ready before the connector was created.
        JsonObject cp = resource(namespace, "controlplane", open.slug + "-cp");
        Instant walletCreated = Instant.parse(hub.getJsonObject("metadata").getString("creationTimestamp"));
        Instant walletReady = Instant.parse(status.getJsonArray("conditions").getValuesAs(JsonObject.class).stream()
                .filter(c -> "Ready".equals(c.getString("type"))).findFirst().orElseThrow().getString("lastTransitionTime"));
        Instant connectorCreated = Instant.parse(cp.getJsonObject("metadata").getString("creationTimestamp"));
        assertFalse(walletCreated.isAfter(connectorCreated), walletCreated + " vs " + connectorCreated);
        assertFalse(walletReady.isAfter(connectorCreated), walletReady + " vs " + connectorCreated);
        JsonObject identityStep = step(done, "identity");
        JsonObject connectorStep = step(done, "connector");
        assertTrue(identityStep.getString("text").contains("IdentityHub/" + open.slug + "-wallet"), identityStep.toString());
        assertTrue(Instant.parse(identityStep.getString("finishedAt")).isBefore(Instant.parse(connectorStep.getString("startedAt"))),
                done.toString());

        // The connector runs on the organisation's own PostgreSQL, Vault and wallet, not the shared ones.
        Http operator = new Http(joins.baseUri()).as(stack.tokens().forGroups("op-" + org, "/orgs/" + org + "/operator"));
        JsonObject spec = operator.get("/api/v1/organisations/" + org + "/resources/controlplanes/" + open.slug + "-cp").json()
                .getJsonObject("spec");
        assertEquals(open.slug + "-pg", spec.getJsonObject("postgresInstanceRef").getString("name"));
        assertEquals(open.slug + "-vault", spec.getJsonObject("vaultRef").getString("name"));
        assertEquals(open.slug + "-wallet", spec.getJsonObject("identityHubRef").getString("name"));
    }

    /**
     * A dedicated join cancelled while its wallet is being set up (no operator reports it Ready) deletes the
     * wallet's resources the identity step created.
     */
    @Test
    void cancellingADedicatedJoinDuringItsIdentityStepDeletesItsWallet() throws Exception {
        String org = Fixtures.slug("tier1-cancel");
        Fixtures.register(org, "Tier-1 Cancel AG");
        String namespace = "kaphera-" + org;
        stack.devOperator().stop();
        try {
            Http.Response r = admin(org).post("/api/v1/organisations/" + org + "/joins",
                    submission(open.slug, "dedicated-managed", Fixtures.bpnl()), "Idempotency-Key", UUID.randomUUID().toString());
            assertEquals(202, r.status(), r.body());
            String path = "/api/v1/organisations/" + org + "/joins/" + r.json().getString("id");
            Instant deadline = Instant.now().plusSeconds(60);
            JsonObject join = admin(org).get(path).json();
            while (!join.getJsonObject("details").getString("resources", "").contains("IdentityHub/") && Instant.now().isBefore(deadline)) {
                Thread.sleep(250);
                join = admin(org).get(path).json();
            }
            assertEquals("identity", join.getString("step"), join.toString());
            assertEquals("running", join.getString("state"), join.toString());
            assertTrue(stack.kubernetes().kubectl("-n", namespace, "get", "identityhubs,postgresinstances,vaultinstances",
                    "-o", "name").contains("identityhub"));

            Http.Response cancelled = admin(org).post(path + "/cancel", "{\"reason\":\"chose shared managed\"}");
            assertEquals(200, cancelled.status(), cancelled.body());
            assertEquals("cancelled", cancelled.json().getString("state"), cancelled.body());
            String left = stack.kubernetes().kubectl("-n", namespace, "get", "identityhubs,postgresinstances,vaultinstances",
                    "-o", "name");
            assertFalse(left.contains(".kaphera.io/"), left);
        } finally {
            stack.devOperator();
        }
    }

    private static JsonObject resource(String namespace, String kind, String name) {
        try (var reader = Json.createReader(new java.io.StringReader(stack.kubernetes().kubectl("-n", namespace, "get", kind,
                name, "-o", "json")))) {
            return reader.readObject();
        }
    }

    private static JsonObject step(JsonObject join, String id) {
        return join.getJsonArray("steps").getValuesAs(JsonObject.class).stream()
                .filter(s -> id.equals(s.getString("step", s.getString("id", "")))).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + id + " in " + join));
    }

    @Test
    void anOnPremiseJoinWaitsForTheCustomersWalletAndConnectorAndChecksThatItAnswers() throws Exception {
        String org = Fixtures.slug("sme-onprem");
        Fixtures.register(org, "On-Premise Metallbau");
        // The customer's own wallet (here: a participant of the dev wallet the test plays the customer with).
        IdentityHub.Participant own = wallet.createParticipant(org + "-own");
        Http.Response r = admin(org).post("/api/v1/organisations/" + org + "/joins", Json.createObjectBuilder()
                .add("dataspace", open.slug).add("deploymentModel", "on-premise").add("legalEntityId", Fixtures.bpnl())
                .add("holderDid", own.did()).build().toString(), "Idempotency-Key", UUID.randomUUID().toString());
        assertEquals(202, r.status(), r.body());
        String path = "/api/v1/organisations/" + org + "/joins/" + r.json().getString("id");
        JsonObject waiting = awaitState(admin(org), path, "awaiting-applicant", Duration.ofSeconds(60));
        assertEquals("credential", waiting.getString("step"), waiting.toString());
        String issuerDid = open.authorityViewer.get(open.path("")).json().getString("issuerDid");
        assertTrue(waiting.getString("text").contains(issuerDid), waiting.getString("text"));

        // The customer's wallet asks our issuer: the join wakes, sees the credential delivered, and waits for the connector.
        wallet.requestCredential(own, issuerDid, "own-" + UUID.randomUUID(), IdentityHub.VC1_0_JWT, "MembershipCredential",
                "MembershipCredential");
        // The connector step's first attempt runs ("Provisioning your connector…") before it settles on waiting for the customer.
        JsonObject connector = awaitStep(admin(org), path, "connector", "awaiting-applicant", Duration.ofSeconds(60));
        assertEquals("awaiting-applicant", connector.getString("state"), connector.toString());
        assertTrue(admin(org).get(path + "/bundle").json().getJsonArray("items").size() >= 2);

        // The customer's operators run a connector (here: the dev operator, in the organisation's namespace) and report it.
        stack.kubernetes().kubectl("-n", "kaphera-" + org, "create", "secret", "generic", "own-mgmt", "--from-literal=api-key=own-key");
        Http operator = new Http(joins.baseUri()).as(stack.tokens().forGroups("op-" + org, "/orgs/" + org + "/operator"));
        assertEquals(201, operator.post("/api/v1/organisations/" + org + "/resources/controlplanes", Json.createObjectBuilder()
                .add("metadata", Json.createObjectBuilder().add("name", "own-connector"))
                .add("spec", Json.createObjectBuilder().add("participantId", "BPNL00000003AYRE").add("version", "0.15.1")
                        .add("postgresInstanceRef", Json.createObjectBuilder().add("name", "own-db"))
                        .add("identityHubRef", Json.createObjectBuilder().add("name", "own-wallet"))
                        .add("managementApi", Json.createObjectBuilder().add("authentication", Json.createObjectBuilder()
                                .add("type", "ApiKey").add("apiKey", Json.createObjectBuilder().add("secretKeyRef",
                                        Json.createObjectBuilder().add("name", "own-mgmt").add("key", "api-key")))))
                        .add("settings", Json.createObjectBuilder().add("edc.participant.id", own.did()))).build().toString())
                .status());
        String dsp = null;
        Instant deadline = Instant.now().plusSeconds(120);
        while (dsp == null && Instant.now().isBefore(deadline)) {
            JsonObject cp = operator.get("/api/v1/organisations/" + org + "/resources/controlplanes/own-connector").json();
            if (cp.get("status") instanceof JsonObject status && status.containsKey("dspEndpoint")) {
                dsp = status.getString("dspEndpoint");
            }
            Thread.sleep(250);
        }
        assertNotNull(dsp, "the customer's connector never became Ready");
        Http.Response reported = admin(org).post(path + "/connector", Json.createObjectBuilder().add("dspEndpoint", dsp).build().toString());
        assertEquals(200, reported.status(), reported.body());
        JsonObject done = awaitState(admin(org), path, "succeeded", Duration.ofSeconds(60));
        assertEquals(dsp, done.getJsonObject("details").getString("dspEndpoint"));
        assertEquals(own.did(), done.getJsonObject("details").getString("did"));
    }

    static JsonObject awaitStep(Http http, String path, String step, Duration timeout) throws InterruptedException {
        return awaitStep(http, path, step, null, timeout);
    }

    /** Waits until the join is at {@code step} and, unless {@code state} is null, in that state. */
    static JsonObject awaitStep(Http http, String path, String step, String state, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        JsonObject last = null;
        while (Instant.now().isBefore(deadline)) {
            last = http.get(path).json();
            if (step.equals(last.getString("step", "")) && (state == null || state.equals(last.getString("state", "")))) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the join did not reach step " + step + (state == null ? "" : " in state " + state)
                + " within " + timeout + ": " + last);
    }

    @Test
    void cancellingDeletesTheConnectorsResourcesAndWithdrawsAnOpenRequest() throws Exception {
        Governance manual = Governance.published("join-cancel", Governance.pilotProfile(false, Governance.bpnl(),
                Governance.manualApproval()));
        String org = Fixtures.slug("sme-cancel");
        Fixtures.register(org, "Cancel GmbH");
        String id = start(org, manual.slug);
        String path = "/api/v1/organisations/" + org + "/joins/" + id;
        JsonObject waiting = awaitState(admin(org), path, "awaiting-authority", Duration.ofSeconds(30));
        Http.Response cancelled = admin(org).post(path + "/cancel", "{\"reason\":\"chose another dataspace\"}");
        assertEquals(200, cancelled.status(), cancelled.body());
        assertEquals("cancelled", cancelled.json().getString("state"));
        String request = waiting.getJsonObject("details").getString("membershipRequest");
        Http.Response r = new Http(stack.managed().baseUri()).as(stack.tokens().forGroups("admin-of-" + org, "/orgs/" + org + "/admin"))
                .get("/api/v1/organisations/" + org + "/membership-requests/" + request);
        assertEquals("withdrawn", r.json().getString("state"), r.body());
        assertEquals(409, admin(org).post(path + "/cancel", "{}").status());
        // A new join for the same dataspace may start once the old one is cancelled.
        assertEquals(202, admin(org).post("/api/v1/organisations/" + org + "/joins",
                submission(manual.slug, "shared-managed", Fixtures.bpnl()), "Idempotency-Key", UUID.randomUUID().toString()).status());
    }

    private static String start(String org, String dataspace) {
        Http.Response r = admin(org).post("/api/v1/organisations/" + org + "/joins",
                submission(dataspace, "shared-managed", Fixtures.bpnl()), "Idempotency-Key", UUID.randomUUID().toString());
        assertEquals(202, r.status(), r.body());
        return r.json().getString("id");
    }
}
