package com.kaphera.cloud.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.IdentityHub;
import com.kaphera.cloud.it.support.LibertyServer;
import com.kaphera.cloud.it.support.Stack;
import com.kaphera.cloud.it.support.TcpProxy;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A dataspace hosted elsewhere: one real Liberty server (the remote platform, a database of its own)
 * governs dataspaces and issues their credentials; another (ours, a database of its own, running join
 * workers) registers them as remote and joins them shared-managed through the remote authority over
 * HTTP (MP Rest Client), authenticated with a bearer token from a token file, as the organisation our
 * platform holds there. The remote platform is reached through a relay the test can cut. The wallet,
 * Kubernetes API and dev operator (real EDC connectors) are the stack's.
 */
class RemoteAuthorityIT {
    private static final Stack STACK = Stack.get();
    private static JoinBed remoteBed;
    private static LibertyServer remote;
    private static URI remoteUri;
    private static TcpProxy relay;
    private static JoinBed ourBed;
    private static LibertyServer ours;
    private static URI ourUri;
    private static String account;
    /** An organisation of ours with an account of its own on the remote platform, and that account. */
    private static final String OWN_ACCOUNT_ORG = Fixtures.slug("tier1-own");
    private static String ownAccount;
    /** Our servers' settings: the remote authorities (peer: token file; stranger: a token that may not act; oauth). */
    private static Map<String, String> authorities;
    /** A token endpoint (OAuth2 client credentials) that hands out tokens the remote platform accepts. */
    private static com.sun.net.httpserver.HttpServer tokenEndpoint;
    private static final java.util.concurrent.atomic.AtomicInteger TOKENS_ISSUED = new java.util.concurrent.atomic.AtomicInteger();
    private static final String CLIENT_SECRET = java.util.UUID.randomUUID().toString();

    @BeforeAll
    static void start() throws Exception {
        // The wallet holds as many credentials as a platform's shared one does: a join must find its own
        // among them (IdentityHub's per-participant list would not; IdentityHubIT).
        IdentityHub wallet = STACK.identityHub();
        wallet.fill(wallet.createParticipant(Fixtures.slug("crowd")), 600);
        // The remote platform runs no joins; it governs, issues and delivers credentials.
        remoteBed = new JoinBed("kaphera_remote_platform", Map.of("KAPHERA_JOIN_POLL_MILLIS", "0"));
        remote = remoteBed.primary("kaphera-it-remote-platform", Map.of());
        remote.start();
        remoteUri = remote.baseUri();
        relay = TcpProxy.to(remoteUri.getPort());
        // The organisation our platform holds on the remote one, and its token there (a token file).
        account = remoteBed.organisation(remoteUri, "kaphera-peer");
        ownAccount = remoteBed.organisation(remoteUri, "kaphera-tier1-own");
        Path dir = Files.createTempDirectory("remote-authority");
        Path token = dir.resolve("peer.token");
        Files.writeString(token, STACK.tokens().builder("svc-kaphera-peer", "/orgs/" + account + "/admin",
                "/orgs/" + ownAccount + "/admin").expiresInSeconds(3 * 3600).sign());
        // A second name for the same platform whose token may act for no organisation there (forbidden).
        Path strangerToken = dir.resolve("stranger.token");
        Files.writeString(strangerToken, STACK.tokens().builder("svc-stranger").expiresInSeconds(3 * 3600).sign());
        Path secret = dir.resolve("client-secret");
        Files.writeString(secret, CLIENT_SECRET + "\n");
        String issued = STACK.tokens().builder("svc-kaphera-peer-oauth", "/orgs/" + account + "/admin")
                .expiresInSeconds(3 * 3600).sign();
        tokenEndpoint = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        tokenEndpoint.createContext("/token", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            boolean ok = "POST".equals(exchange.getRequestMethod()) && form.contains("grant_type=client_credentials")
                    && form.contains("client_id=kaphera-peer") && form.contains("client_secret=" + CLIENT_SECRET);
            byte[] body = (ok ? "{\"access_token\":\"" + issued + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}"
                    : "{\"error\":\"invalid_client\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (ok) {
                TOKENS_ISSUED.incrementAndGet();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(ok ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        tokenEndpoint.start();
        String url = "http://127.0.0.1:" + relay.port();
        authorities = Map.ofEntries(
                Map.entry("KAPHERA_AUTHORITIES_PEER_URL", url),
                Map.entry("KAPHERA_AUTHORITIES_PEER_ORGANISATION", account),
                Map.entry("KAPHERA_AUTHORITIES_PEER_TOKEN_FILE", token.toString()),
                // kaphera.authorities.peer.organisations.<our org>: that organisation's own account there.
                Map.entry("KAPHERA_AUTHORITIES_PEER_ORGANISATIONS_" + OWN_ACCOUNT_ORG.toUpperCase().replace('-', '_'), ownAccount),
                Map.entry("KAPHERA_AUTHORITIES_STRANGER_URL", url),
                Map.entry("KAPHERA_AUTHORITIES_STRANGER_ORGANISATION", account),
                Map.entry("KAPHERA_AUTHORITIES_STRANGER_TOKEN_FILE", strangerToken.toString()),
                // The same platform and account through OAuth2 client credentials instead of a token file.
                Map.entry("KAPHERA_AUTHORITIES_OAUTH_URL", url),
                Map.entry("KAPHERA_AUTHORITIES_OAUTH_ORGANISATION", account),
                Map.entry("KAPHERA_AUTHORITIES_OAUTH_TOKEN_URL", "http://127.0.0.1:" + tokenEndpoint.getAddress().getPort() + "/token"),
                Map.entry("KAPHERA_AUTHORITIES_OAUTH_CLIENT_ID", "kaphera-peer"),
                Map.entry("KAPHERA_AUTHORITIES_OAUTH_CLIENT_SECRET_FILE", secret.toString()),
                Map.entry("KAPHERA_JOIN_REMOTE_POLL_SECONDS", "1"),
                // An outage of the remote platform lasts a few seconds here: enough attempts to outlast it.
                Map.entry("KAPHERA_JOIN_MAX_ATTEMPTS", "30"));
        ourBed = new JoinBed("kaphera_remote_joiner", authorities);
        ours = ourBed.primary("kaphera-it-remote-joiner", Map.of());
        ours.start();
        ourUri = ours.baseUri();
    }

    @AfterAll
    static void stop() {
        if (ours != null) {
            ours.stop();
        }
        if (remote != null) {
            remote.stop();
        }
        if (relay != null) {
            relay.close();
        }
        if (tokenEndpoint != null) {
            tokenEndpoint.stop(0);
        }
        STACK.devOperator().stop();
    }

    @Test
    void joinsARemoteDataspaceAfterItsAuthorityApprovesOnTheRemotePlatform() {
        String remoteSlug = remoteBed.dataspace(remoteUri, Governance.pilotProfile(false, Governance.bpnl(),
                Governance.manualApproval()));
        String issuerDid = remoteBed.platformAdmin(remoteUri).get("/api/v1/dataspaces/" + remoteSlug).json().getString("issuerDid");
        String local = register("peer", remoteSlug);
        JsonObject registered = ourBed.platformAdmin(ourUri).get("/api/v1/dataspaces/" + local).json();
        assertEquals(issuerDid, registered.getString("issuerDid"), registered.toString());
        assertEquals("peer", registered.getJsonObject("remote").getString("authority"), registered.toString());

        String org = ourBed.organisation(ourUri, "sme-remote");
        String id = ourBed.join(ourUri, org, local);
        JsonObject waiting = awaitJoin(org, id, j -> j.getJsonObject("details").containsKey("remoteMembershipRequest")
                && j.getJsonArray("steps").getJsonObject(0).getString("text", "").contains("Waiting for the governance authority"));
        assertEquals("running", waiting.getString("state"), waiting.toString());
        String request = waiting.getJsonObject("details").getString("remoteMembershipRequest");

        // The join looks again on its schedule, and never asks twice.
        sleep(3000);
        assertEquals(1, requestsAtRemote(remoteSlug), "one membership request at the remote platform");

        Http authority = new Http(remoteUri).as(STACK.tokens().forGroups("greta", "/dataspaces/" + remoteSlug + "/authority-admin"));
        Http.Response approved = authority.post("/api/v1/dataspaces/" + remoteSlug + "/membership-requests/" + request + "/approve",
                "{\"reason\":\"Agreement checked\"}");
        assertEquals(200, approved.status(), approved.body());

        JsonObject done = ourBed.await(ourUri, org, id, "succeeded", Duration.ofSeconds(180));
        assertEquals(issuerDid, done.getJsonObject("details").getString("credentialIssuer"), done.toString());
        assertEquals(1, requestsAtRemote(remoteSlug));
        // The remote platform counts the member, with the DID in our wallet.
        Http.Response members = authority.get("/api/v1/dataspaces/" + remoteSlug + "/members");
        assertTrue(members.body().contains(done.getJsonObject("details").getString("did")), members.body());

        // The local row is not governed here: its governance answers a problem, not a half-made profile.
        Http gov = new Http(ourUri).as(STACK.tokens().forGroups("greta", "/dataspaces/" + local + "/authority-admin"));
        Http.Response draft = gov.send("PUT", "/api/v1/dataspaces/" + local + "/profile/draft", "application/json",
                Governance.pilotProfile(true, Governance.bpnl()).toString());
        assertEquals(409, draft.status(), draft.body());
        assertEquals(404, new Http(ourUri).get("/dcp/" + local + "/did.json").status());
        Http.Response apply = ourBed.admin(ourUri, org).post("/api/v1/organisations/" + org + "/membership-requests",
                Json.createObjectBuilder().add("dataspace", local).add("legalEntityId", Fixtures.bpnl())
                        .add("holderDid", done.getJsonObject("details").getString("did")).build().toString());
        assertEquals(409, apply.status(), apply.body());
    }

    /**
     * Two organisations of ours join the same remote dataspace: one as the account this platform holds
     * there, the other as its own account there (kaphera.authorities.peer.organisations.<org>); the
     * remote platform allows one request per organisation and dataspace, so both need their own.
     */
    @Test
    void twoOfOurOrganisationsJoinTheSameRemoteDataspaceEachAsItsOwnAccountThere() {
        String remoteSlug = remoteBed.dataspace(remoteUri, Governance.pilotProfile(true, Governance.bpnl()));
        String local = register("peer", remoteSlug);
        String shared = ourBed.organisation(ourUri, "sme-shared-account");
        String own = ourBed.organisationNamed(ourUri, OWN_ACCOUNT_ORG);
        String first = ourBed.join(ourUri, shared, local);
        String second = ourBed.join(ourUri, own, local);
        JsonObject a = ourBed.await(ourUri, shared, first, "succeeded", Duration.ofSeconds(180));
        JsonObject b = ourBed.await(ourUri, own, second, "succeeded", Duration.ofSeconds(180));
        assertTrue(!a.getJsonObject("details").getString("did").equals(b.getJsonObject("details").getString("did")));
        assertEquals(1, requestsAtRemote(remoteSlug), "the shared account's request");
        Http.Response r = remoteBed.admin(remoteUri, ownAccount).get("/api/v1/organisations/" + ownAccount
                + "/membership-requests?limit=100");
        assertEquals(200, r.status(), r.body());
        assertEquals(1, r.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(i -> remoteSlug.equals(i.getString("dataspace"))).count(), "the own account's request: " + r.body());
    }

    /** Through the authority configured with OAuth2 client credentials: one token, reused for every call. */
    @Test
    void aRejectionOnTheRemotePlatformFailsTheJoinWithItsReason() {
        String remoteSlug = remoteBed.dataspace(remoteUri, Governance.pilotProfile(false, Governance.bpnl(),
                Governance.manualApproval()));
        String local = register("oauth", remoteSlug);
        String org = ourBed.organisation(ourUri, "sme-refused");
        String id = ourBed.join(ourUri, org, local);
        JsonObject waiting = awaitJoin(org, id, j -> j.getJsonObject("details").containsKey("remoteMembershipRequest"));
        String request = waiting.getJsonObject("details").getString("remoteMembershipRequest");
        Http authority = new Http(remoteUri).as(STACK.tokens().forGroups("greta", "/dataspaces/" + remoteSlug + "/authority-admin"));
        assertEquals(200, authority.post("/api/v1/dataspaces/" + remoteSlug + "/membership-requests/" + request + "/reject",
                "{\"reason\":\"Not a supplier of the consortium\"}").status());
        JsonObject failed = ourBed.await(ourUri, org, id, "failed", Duration.ofSeconds(30));
        assertEquals("request", failed.getString("step"), failed.toString());
        assertTrue(failed.getString("outcome").contains("Not a supplier of the consortium"), failed.toString());
        assertEquals(1, TOKENS_ISSUED.get(), "the client-credentials token is cached until shortly before it expires");
    }

    @Test
    void theRemotePlatformAwayDuringTheRequestStepIsRetriedAndTheJoinSucceeds() {
        String remoteSlug = remoteBed.dataspace(remoteUri, Governance.pilotProfile(true, Governance.bpnl()));
        String local = register("peer", remoteSlug);
        String org = ourBed.organisation(ourUri, "sme-patient");
        relay.cut();
        String id;
        try {
            id = ourBed.join(ourUri, org, local);
            JsonObject retrying = awaitJoin(org, id, j -> j.getJsonArray("steps").getJsonObject(0).getInt("failedAttempts", 0) >= 2);
            assertEquals("running", retrying.getString("state"), retrying.toString());
            assertNotNull(retrying.getJsonArray("steps").getJsonObject(0).getString("lastError", null), retrying.toString());
        } finally {
            relay.restore();
        }
        ourBed.await(ourUri, org, id, "succeeded", Duration.ofSeconds(180));
        assertEquals(1, requestsAtRemote(remoteSlug));
    }

    @Test
    void anUnknownOrForbiddenRemoteDataspaceIsAClearFailure() {
        Http admin = ourBed.platformAdmin(ourUri);
        Http.Response unknown = admin.post("/api/v1/dataspaces", remoteBody(Fixtures.slug("remote"), "peer", "no-such-dataspace"));
        assertEquals(400, unknown.status(), unknown.body());
        assertTrue(unknown.body().contains("remote.slug"), unknown.body());
        Http.Response unconfigured = admin.post("/api/v1/dataspaces", remoteBody(Fixtures.slug("remote"), "nowhere", "x"));
        assertEquals(400, unconfigured.status(), unconfigured.body());
        assertTrue(unconfigured.body().contains("remote.authority"), unconfigured.body());

        // Listed in the remote directory, but our account under this name may not apply there.
        String remoteSlug = remoteBed.dataspace(remoteUri, Governance.pilotProfile(true, Governance.bpnl()));
        String local = register("stranger", remoteSlug);
        String org = ourBed.organisation(ourUri, "sme-stranger");
        String id = ourBed.join(ourUri, org, local);
        JsonObject failed = ourBed.await(ourUri, org, id, "failed", Duration.ofSeconds(30));
        assertEquals("request", failed.getString("step"), failed.toString());
        assertTrue(failed.getString("outcome").contains("127.0.0.1:" + relay.port()), failed.toString());
        assertTrue(!failed.toString().contains("eyJ"), "no token in the join: " + failed);
    }

    /**
     * An answer lost: our server halts (as kill -9 would) right after the remote platform made the
     * membership request and before the join recorded it. Started again, it finds the request there
     * (adopts it) instead of asking twice, and the join succeeds. A database and server of its own,
     * so that no other worker takes the join over.
     */
    @Test
    void aServerKilledAfterTheRemoteRequestWasMadeAdoptsItInsteadOfAskingTwice() throws Exception {
        JoinBed crashBed = new JoinBed("kaphera_remote_crash", authorities);
        String name = "kaphera-it-remote-crash";
        LibertyServer server = crashBed.primary(name, Map.of("KAPHERA_JOIN_TEST_CRASH_AFTER_STEP", "request"));
        server.start();
        try {
            URI uri = server.baseUri();
            String remoteSlug = remoteBed.dataspace(remoteUri, Governance.pilotProfile(true, Governance.bpnl()));
            Http.Response registered = crashBed.platformAdmin(uri).post("/api/v1/dataspaces",
                    remoteBody(Fixtures.slug("remote"), "peer", remoteSlug));
            assertEquals(201, registered.status(), registered.body());
            String local = registered.json().getString("slug");
            String org = crashBed.organisation(uri, "sme-crash");
            long pid = server.pid();
            String id = crashBed.join(uri, org, local);
            awaitHalt(server, pid - 1);
            assertEquals(1, requestsAtRemote(remoteSlug), "the remote platform made the request before the halt");
            server = crashBed.primary(name, Map.of());
            server.start();
            JsonObject done = crashBed.await(uri, org, id, "succeeded", Duration.ofSeconds(180));
            assertEquals(1, requestsAtRemote(remoteSlug), "no second request at the remote platform: " + done);
        } finally {
            server.stop();
        }
    }

    /** Waits until a server process other than {@code previousPid} has run and is gone (halted). */
    private static void awaitHalt(LibertyServer server, long previousPid) throws Exception {
        Instant deadline = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(deadline)) {
            long pid = server.pid();
            if (pid > 0 && pid != previousPid && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the server did not halt after the request step within 180 s");
    }

    /** Registers the remote dataspace on our platform; returns the local slug. */
    private static String register(String authority, String remoteSlug) {
        String local = Fixtures.slug("remote");
        Http.Response r = ourBed.platformAdmin(ourUri).post("/api/v1/dataspaces", remoteBody(local, authority, remoteSlug));
        assertEquals(201, r.status(), r.body());
        return local;
    }

    private static String remoteBody(String local, String authority, String remoteSlug) {
        return Json.createObjectBuilder().add("slug", local).add("remote", Json.createObjectBuilder()
                .add("authority", authority).add("slug", remoteSlug)).build().toString();
    }

    /** Our account's membership requests at the remote platform for that dataspace. */
    private static long requestsAtRemote(String remoteSlug) {
        Http.Response r = remoteBed.admin(remoteUri, account).get("/api/v1/organisations/" + account + "/membership-requests?limit=100");
        assertEquals(200, r.status(), r.body());
        return r.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(i -> remoteSlug.equals(i.getString("dataspace"))).count();
    }

    private static JsonObject awaitJoin(String org, String id, Predicate<JsonObject> condition) {
        Instant deadline = Instant.now().plusSeconds(60);
        JsonObject last = null;
        while (Instant.now().isBefore(deadline)) {
            Http.Response r = ourBed.admin(ourUri, org).get("/api/v1/organisations/" + org + "/joins/" + id);
            if (r.status() == 200) {
                last = r.json();
                if (condition.test(last)) {
                    return last;
                }
                if ("failed".equals(last.getString("state"))) {
                    throw new AssertionError("join failed: " + last);
                }
            }
            sleep(200);
        }
        throw new AssertionError("join " + id + " not as expected within 60 s: " + last);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
