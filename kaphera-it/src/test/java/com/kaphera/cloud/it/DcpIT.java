package com.kaphera.cloud.it;

import static com.kaphera.cloud.it.Governance.bpnl;
import static com.kaphera.cloud.it.Governance.pilotProfile;
import static com.kaphera.cloud.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.IdentityHub;
import com.kaphera.cloud.it.support.Jwt;
import com.kaphera.cloud.it.support.Stack;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The platform as a dataspace's credential issuer, over the Decentralized Claims Protocol, with a
 * real EDC IdentityHub 0.15.1 as the members' wallet: the issuer's DID document resolves, the
 * wallet's credential request reaches our issuer, our CredentialMessage is stored in the wallet, we
 * verify what the wallet holds (and catch what it does not: a tampered credential), revocation and
 * key rotation; and every way a holder's token can be wrong is refused.
 */
class DcpIT {
    private static final String TYPE = "MembershipCredential";
    private static Stack stack;
    private static IdentityHub wallet;
    private static Governance g;
    private static String issuerDid;
    private static ForeignHolder foreign;

    @BeforeAll
    static void dataspaceAndWallet() throws Exception {
        stack = Stack.get();
        wallet = stack.identityHub();
        g = Governance.published("dcp", pilotProfile(true, bpnl()));
        issuerDid = g.authorityViewer.get(g.path("")).json().getString("issuerDid");
        foreign = new ForeignHolder();
    }

    @AfterAll
    static void stopForeignHolder() {
        if (foreign != null) {
            foreign.server.stop(0);
        }
    }

    @Test
    void theIssuerDidDocumentResolvesAtTheDidWebAddress() {
        // did:web:127.0.0.1%3A<port>:dcp:<slug> → http://127.0.0.1:<port>/dcp/<slug>/did.json
        String path = "/" + String.join("/", List.of(issuerDid.split(":")).subList(3, 5)) + "/did.json";
        Http.Response r = new Http(stack.managed().baseUri()).get(path);
        assertEquals(200, r.status(), r.body());
        JsonObject doc = r.json();
        assertEquals(issuerDid, doc.getString("id"));
        JsonObject method = doc.getJsonArray("verificationMethod").getJsonObject(0);
        assertEquals("JsonWebKey2020", method.getString("type"));
        assertTrue(method.getString("id").startsWith(issuerDid + "#"), method.toString());
        assertEquals("P-256", method.getJsonObject("publicKeyJwk").getString("crv"));
        assertFalse(method.getJsonObject("publicKeyJwk").containsKey("d"), "no private key material");
        JsonObject service = doc.getJsonArray("service").getJsonObject(0);
        assertEquals("IssuerService", service.getString("type"));
        assertTrue(service.getString("serviceEndpoint").endsWith("/dcp/" + g.slug + "/issuer"), service.toString());
        assertEquals(404, new Http(stack.managed().baseUri()).withoutContractCheck("foreign problem shape")
                .get("/dcp/no-such-dataspace/did.json").status());
    }

    @Test
    void aMembersWalletGetsItsCredentialWeVerifyItAndCatchTamperingRevocationAndSurviveRotation() {
        String org = Fixtures.slug("sme-castings");
        Fixtures.register(org, "Novak Castings s.r.o.");
        IdentityHub.Participant holder = wallet.createParticipant(org);
        Http applicant = Governance.applicantAdmin(org);
        Http.Response joined = applicant.post("/api/v1/organisations/" + org + "/membership-requests",
                Governance.application(g.slug, Fixtures.bpnl(), holder.did(), false));
        assertEquals("approved", joined.json().getString("state"), joined.body());

        // The wallet asks our issuer (DCP CredentialRequestMessage); we answer and deliver to its Storage API.
        String firstPid = "novak-" + UUID.randomUUID();
        wallet.requestCredential(holder, issuerDid, firstPid, IdentityHub.VC1_0_JWT, TYPE, TYPE);
        wallet.awaitRequestStatus(holder, firstPid, "ISSUED", Duration.ofSeconds(60));
        String first = awaitNewCredentialInWallet(holder, Set.of());
        JsonObject claims = Jwt.payload(first);
        assertEquals(issuerDid, claims.getString("iss"));
        assertEquals(holder.did(), claims.getString("sub"));
        assertTrue(claims.getJsonObject("vc").getJsonObject("credentialSubject").getString("holderIdentifier").startsWith("BPNL"));

        // We verify what the wallet holds: the organisation's view and the verify operation agree.
        JsonObject mine = applicant.get("/api/v1/organisations/" + org + "/credentials").json().getJsonArray("items").getJsonObject(0);
        assertTrue(mine.getJsonObject("verification").getBoolean("valid"), mine.toString());
        assertEquals("delivered", mine.getString("delivery"));
        assertTrue(verify(applicant, first).getBoolean("valid"));

        // Tampering: the wallet stores a changed credential without complaint; our verification fails it.
        JsonObject stored = wallet.credentials(holder).get(0);
        String tampered = Governance.tamper(first, "\"holderIdentifier\":\"BPNL", "\"holderIdentifier\":\"BPNX");
        wallet.replaceCredential(holder, stored, tampered);
        String fromWallet = IdentityHub.rawVc(wallet.credentials(holder).get(0));
        assertEquals(tampered, fromWallet, "the wallet keeps what it is given");
        JsonObject check = verify(applicant, fromWallet);
        assertFalse(check.getBoolean("valid"));
        assertFalse(check(check, "signature").getBoolean("passed"), check.toString());

        // Rotation: a new key signs from now on; the old key stays published, so the first credential still verifies.
        Http.Response rotated = g.authority.post(g.path("/issuer/keys/rotate"), "");
        assertEquals(200, rotated.status(), rotated.body());
        List<JsonObject> keys = g.authorityViewer.get(g.path("/issuer/keys")).json().getJsonArray("items").getValuesAs(JsonObject.class);
        assertEquals(List.of("active", "retiring"), keys.stream().map(k -> k.getString("state")).toList());
        assertEquals(2, new Http(stack.managed().baseUri()).get(didDocumentPath()).json().getJsonArray("verificationMethod").size());
        assertTrue(verify(applicant, first).getBoolean("valid"), "a credential signed before the rotation still verifies");
        String secondPid = "novak-" + UUID.randomUUID();
        wallet.requestCredential(holder, issuerDid, secondPid, IdentityHub.VC1_0_JWT, TYPE, TYPE);
        wallet.awaitRequestStatus(holder, secondPid, "ISSUED", Duration.ofSeconds(60));
        String second = awaitNewCredentialInWallet(holder, Set.of(Jwt.payload(first).getString("jti")));
        assertNotEquals(Jwt.header(first).getString("kid"), Jwt.header(second).getString("kid"));
        assertEquals(rotated.json().getString("keyId"), Jwt.header(second).getString("kid"));
        assertTrue(verify(applicant, second).getBoolean("valid"));

        // Revocation: the first credential's bit is set; it fails on status, the second is untouched.
        String firstId = claims.getString("jti");
        Http.Response revoked = g.authority.post(g.path("/credentials/" + firstId + "/revoke"),
                "{\"reason\":\"Issued before the consortium agreement was renewed\"}");
        assertEquals(200, revoked.status(), revoked.body());
        JsonObject afterRevocation = verify(applicant, first);
        assertFalse(afterRevocation.getBoolean("valid"));
        assertFalse(check(afterRevocation, "status").getBoolean("passed"), afterRevocation.toString());
        assertTrue(verify(applicant, second).getBoolean("valid"));
        assertProblem(g.authority.post(g.path("/credentials/" + firstId + "/revoke"), "{\"reason\":\"again\"}"), 409);
        assertProblem(g.authorityViewer.post(g.path("/credentials/" + firstId + "/revoke"), "{\"reason\":\"no\"}"), 403);
        // The public status list: JSON for EDC 0.15 connectors, signed for those that ask.
        String listUrl = claims.getJsonObject("vc").getJsonObject("credentialStatus").getString("statusListCredential");
        String listPath = listUrl.substring(listUrl.indexOf("/dcp/"));
        Http.Response json = new Http(stack.managed().baseUri()).get(listPath);
        assertEquals("BitstringStatusList", json.json().getJsonObject("credentialSubject").getString("type"));
        Http.Response signed = new Http(stack.managed().baseUri()).get(listPath, "Accept", "application/vc+jwt");
        assertEquals(issuerDid, Jwt.payload(signed.body()).getString("iss"));
    }

    @Test
    void holderTokensThatAreMissingForgedExpiredForAnotherAudienceOrFromAStrangerAreRefused() throws Exception {
        String org = Fixtures.slug("sme-foreign");
        Fixtures.register(org, "Foreign Wallet GmbH");
        Http.Response joined = Governance.applicantAdmin(org).post("/api/v1/organisations/" + org + "/membership-requests",
                Governance.application(g.slug, Fixtures.bpnl(), foreign.did, false));
        assertEquals("approved", joined.json().getString("state"), joined.body());
        String credentials = "/dcp/" + g.slug + "/issuer/credentials";
        Http dcp = new Http(stack.managed().baseUri()).withoutContractCheck("DCP answers in the protocol's own error shape");
        String message = Governance.credentialRequestMessage("foreign-" + UUID.randomUUID());
        long jwtErrorsBefore = userTokenErrors();

        assertRefused(dcp.post(credentials, message), 401, "Bearer");
        assertRefused(dcp.post(credentials, message, "Authorization", "Bearer " + foreign.token(issuerDid, 300, foreign.otherKey)),
                401, "bad-signature");
        assertRefused(dcp.post(credentials, message, "Authorization", "Bearer " + foreign.token(issuerDid, -120, foreign.key)),
                401, "expired");
        assertRefused(dcp.post(credentials, message, "Authorization", "Bearer "
                + foreign.token("did:web:elsewhere.example:issuer", 300, foreign.key)), 401, "wrong-audience");
        // A wallet whose owner never joined (a real IdentityHub participant, its STS token otherwise perfect).
        IdentityHub.Participant stranger = wallet.createParticipant(Fixtures.slug("stranger"));
        assertRefused(dcp.post(credentials, message, "Authorization", "Bearer " + wallet.selfIssuedToken(stranger, issuerDid)),
                403, "not an approved member");
        assertRefused(dcp.post(credentials, "{\"hello\":1}", "Authorization", "Bearer " + foreign.token(issuerDid, 300, foreign.key)),
                400, "CredentialRequestMessage");
        // The right token is accepted: 201, the issuer's request id as text, and the request's status for that holder only.
        Http.Response accepted = dcp.post(credentials, message, "Authorization", "Bearer " + foreign.token(issuerDid, 300, foreign.key));
        assertEquals(201, accepted.status(), accepted.body());
        String issuerPid = accepted.body();
        assertEquals(36, issuerPid.length(), issuerPid);
        Http.Response status = dcp.get("/dcp/" + g.slug + "/issuer/requests/" + issuerPid, "Authorization",
                "Bearer " + foreign.token(issuerDid, 300, foreign.key));
        assertEquals(200, status.status(), status.body());
        assertEquals("CredentialStatus", status.json().getString("type"));
        // Wallets' tokens are the issuer's to check: Liberty's mpJwt never takes them for user tokens (nor logs them).
        assertEquals(jwtErrorsBefore, userTokenErrors(), "mpJwt logged CWWKS5604E for a DCP call");
        // Its wallet is down (nothing listens at its Storage API): the delivery is retried with backoff, and says why.
        JsonObject delivery = awaitDelivery(org, "failed");
        assertTrue(delivery.getString("deliveryError").contains("ConnectException"), delivery.toString());
        // After the last attempt the authority may start another round; a pending delivery is not retried by hand.
        String retry = g.path("/credentials/deliveries/" + issuerPid + "/retry");
        assertEquals("issued", g.authority.post(retry, "").json().getString("state"));
        assertProblem(g.authority.post(retry, ""), 409);
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** How often the managed server logged mpJwt's "token cannot be validated" error so far. */
    private static long userTokenErrors() throws java.io.IOException {
        return stack.managed().messagesLog().lines().filter(l -> l.contains("CWWKS5604E")).count();
    }

    private static String didDocumentPath() {
        return "/dcp/" + g.slug + "/did.json";
    }

    private static JsonObject verify(Http as, String jwt) {
        Http.Response r = as.post("/api/v1/credentials/verify", Json.createObjectBuilder().add("credential", jwt)
                .add("dataspace", g.slug).build().toString());
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static JsonObject check(JsonObject verification, String name) {
        return verification.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals(name)).findFirst().orElseThrow(() -> new AssertionError(verification.toString()));
    }

    /** The newest MembershipCredential in the wallet once it holds {@code count} of them. */
    /**
     * The credential of our type whose {@code jti} is not in {@code seen}. Not "the newest by iat": two
     * credentials issued within one second have equal iat, and which the wallet lists first is its choice.
     */
    private static String awaitNewCredentialInWallet(IdentityHub.Participant holder, Set<String> seen) {
        // The wallet sends its request from a state machine of its own, which is slower on a loaded machine
        // (a full CI run once saw more than 60 s with no request reaching the issuer at all).
        Instant deadline = Instant.now().plusSeconds(120);
        List<String> raw = List.of();
        while (Instant.now().isBefore(deadline)) {
            raw = wallet.credentials(holder).stream().map(IdentityHub::rawVc)
                    .filter(vc -> Jwt.payload(vc).getJsonObject("vc").getJsonArray("type").getValuesAs(JsonString.class)
                            .stream().anyMatch(t -> t.getString().equals(TYPE)))
                    .toList();
            List<String> fresh = raw.stream().filter(vc -> !seen.contains(Jwt.payload(vc).getString("jti"))).toList();
            if (!fresh.isEmpty()) {
                assertEquals(1, fresh.size(), "one new credential");
                return fresh.get(0);
            }
            sleep(200);
        }
        throw new AssertionError("the wallet did not receive a credential other than " + seen + "; it holds "
                + raw.stream().map(vc -> Jwt.payload(vc).getString("jti") + " (iat " + Jwt.payload(vc).get("iat") + ")").toList());
    }

    private static JsonObject awaitDelivery(String org, String state) {
        Instant deadline = Instant.now().plusSeconds(60);
        Http admin = Governance.applicantAdmin(org);
        while (Instant.now().isBefore(deadline)) {
            List<JsonObject> items = admin.get("/api/v1/organisations/" + org + "/credentials").json().getJsonArray("items")
                    .getValuesAs(JsonObject.class);
            if (!items.isEmpty() && state.equals(items.get(0).getString("delivery", null))) {
                return items.get(0);
            }
            sleep(200);
        }
        throw new AssertionError("the delivery did not become " + state);
    }

    private static void assertRefused(Http.Response r, int status, String reasonPart) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.body().contains(reasonPart), r.body());
        assertFalse(r.body().contains("Exception"), r.body());
    }



    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * A holder whose wallet is not an IdentityHub: its DID document is served here (on loopback) and
     * its key is the test's, so that tokens can be expired or signed with the wrong key. Its Storage
     * API endpoint points at a port nothing listens on.
     */
    private static final class ForeignHolder {
        final HttpServer server;
        final String did;
        final ECKey key;
        final ECKey otherKey;

        ForeignHolder() throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            int port = server.getAddress().getPort();
            did = "did:web:127.0.0.1%3A" + port + ":foreign";
            key = new ECKeyGenerator(Curve.P_256).keyID(did + "#key-1").generate();
            otherKey = new ECKeyGenerator(Curve.P_256).keyID(did + "#key-1").generate();
            int closed;
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                closed = probe.getLocalPort();
            }
            String document = Json.createObjectBuilder().add("@context", Json.createArrayBuilder().add("https://www.w3.org/ns/did/v1"))
                    .add("id", did)
                    .add("verificationMethod", Json.createArrayBuilder().add(Json.createObjectBuilder()
                            .add("id", did + "#key-1").add("type", "JsonWebKey2020").add("controller", did)
                            .add("publicKeyJwk", Json.createReader(new java.io.StringReader(key.toPublicJWK().toJSONString())).readObject())))
                    .add("service", Json.createArrayBuilder().add(Json.createObjectBuilder().add("id", did + "#credentials")
                            .add("type", "CredentialService").add("serviceEndpoint", "http://127.0.0.1:" + closed + "/api/credentials")))
                    .build().toString();
            server.createContext("/foreign/did.json", exchange -> {
                byte[] body = document.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        /** A self-issued ES256 token expiring in {@code seconds} (negative: already expired). */
        String token(String audience, long seconds, ECKey signer) throws Exception {
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(did).subject(did).audience(audience)
                    .issueTime(Date.from(now.minusSeconds(seconds < 0 ? 600 : 0)))
                    .notBeforeTime(Date.from(now.minusSeconds(seconds < 0 ? 600 : 0)))
                    .expirationTime(Date.from(now.plusSeconds(seconds))).jwtID(UUID.randomUUID().toString()).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(did + "#key-1")
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(signer));
            return jwt.serialize();
        }
    }
}
