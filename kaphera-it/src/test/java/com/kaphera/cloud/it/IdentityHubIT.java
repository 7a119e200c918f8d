package com.kaphera.cloud.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.IdentityHub;
import com.kaphera.cloud.it.support.IdentityHub.Participant;
import com.kaphera.cloud.it.support.Jwt;
import com.kaphera.cloud.it.support.Sockets;
import com.kaphera.cloud.it.support.Stack;
import jakarta.json.Json;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dev-only wallet (a real EDC IdentityHub 0.15.1, module kaphera-dev-identityhub) that the DCP tests
 * of our credential issuer use as the holder: what a participant created through the harness looks like
 * to the outside (did:web document, STS tokens, Storage API), and that the process listens on loopback only.
 */
class IdentityHubIT {
    private static final String DCP_CONTEXT = "https://w3id.org/dspace-dcp/v1.0/dcp.jsonld";
    private static final String DCP_NS = "https://w3id.org/dspace-dcp/v1.0/";
    private static IdentityHub wallet;

    @BeforeAll
    static void wallet() {
        wallet = Stack.get().identityHub();
    }

    private static JsonObject verificationMethod(JsonObject didDocument, String id) {
        return didDocument.getJsonArray("verificationMethod").getValuesAs(JsonObject.class).stream()
                .filter(m -> id.equals(m.getString("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no verification method " + id + " in " + didDocument));
    }

    @Test
    void aParticipantsDidDocumentIsServedOverHttpWithItsP256KeyAndCredentialService() {
        Participant oem = wallet.createParticipant(Fixtures.slug("oem-frankfurt"), URI.create("http://127.0.0.1:1/protocol"));
        assertTrue(oem.did().startsWith("did:web:127.0.0.1%3A"), oem.did());
        assertEquals(oem.did(), oem.clientId(), "the STS client id is the DID");

        JsonObject doc = wallet.didDocument(oem);
        assertEquals(oem.did(), doc.getString("id"));
        JsonObject key = verificationMethod(doc, oem.keyId());
        assertEquals("JsonWebKey2020", key.getString("type"));
        assertEquals(oem.did(), key.getString("controller"));
        JsonObject jwk = key.getJsonObject("publicKeyJwk");
        assertEquals("EC", jwk.getString("kty"));
        assertEquals("P-256", jwk.getString("crv"));
        assertFalse(jwk.containsKey("d"), "no private part in a DID document");

        List<JsonObject> services = doc.getJsonArray("service").getValuesAs(JsonObject.class);
        assertTrue(services.stream().anyMatch(s -> "CredentialService".equals(s.getString("type"))
                && wallet.credentialServiceUrl(oem.participantId()).toString().equals(s.getString("serviceEndpoint"))), services.toString());
        assertTrue(services.stream().anyMatch(s -> "ProtocolEndpoint".equals(s.getString("type"))
                && "http://127.0.0.1:1/protocol".equals(s.getString("serviceEndpoint"))), services.toString());
    }

    @Test
    void theStsSignsASelfIssuedEs256TokenWithTheParticipantsWalletKey() {
        Participant sme = wallet.createParticipant(Fixtures.slug("sme-castings"));
        String issuerDid = "did:web:127.0.0.1%3A9443:dataspace-issuer";
        String token = wallet.selfIssuedToken(sme, issuerDid);

        JsonObject header = Jwt.header(token);
        assertEquals("ES256", header.getString("alg"));
        assertEquals(sme.keyId(), header.getString("kid"));
        JsonObject claims = Jwt.payload(token);
        assertEquals(sme.did(), claims.getString("iss"));
        assertEquals(sme.did(), claims.getString("sub"));
        assertEquals(issuerDid, claims.getString("aud"));
        long iat = claims.getJsonNumber("iat").longValue();
        assertEquals(iat, claims.getJsonNumber("nbf").longValue());
        assertEquals(300, claims.getJsonNumber("exp").longValue() - iat, "5 minutes");
        assertFalse(claims.getString("jti").isBlank());

        JsonObject jwk = verificationMethod(wallet.didDocument(sme), sme.keyId()).getJsonObject("publicKeyJwk");
        assertTrue(Jwt.verifiesEs256(token, jwk), "verifies with the key the DID document publishes");
        Participant other = wallet.createParticipant(Fixtures.slug("logistics-provider"));
        JsonObject otherJwk = verificationMethod(wallet.didDocument(other), other.keyId()).getJsonObject("publicKeyJwk");
        assertFalse(Jwt.verifiesEs256(token, otherJwk), "each participant has its own key");
    }

    @Test
    void theStsRefusesAWrongClientSecret() {
        Participant sme = wallet.createParticipant(Fixtures.slug("sme-machining"));
        HttpResponse<String> r = wallet.stsToken(sme.clientId(), sme.clientSecret() + "x", "did:web:example.com");
        assertEquals(401, r.statusCode(), r.body());
    }

    @Test
    void everySocketTheWalletListensOnIsLoopback() {
        List<String> addresses = wallet.listeningAddresses();
        assertTrue(addresses.size() >= IdentityHub.PORTS, "its five web contexts at least: " + addresses);
        for (String address : addresses) {
            assertTrue(Sockets.isLoopback(address), address + " is not a loopback address (all: " + addresses + ")");
        }
    }

    @Test
    void theStorageApiRefusesACredentialMessageWithoutAToken() {
        Participant tier1 = wallet.createParticipant(Fixtures.slug("tier1-components-de"));
        HttpResponse<String> r = wallet.deliver(tier1, null, credentialMessage("holder-pid-unknown"));
        assertEquals(401, r.statusCode(), r.body());
        assertTrue(r.body().contains("Authorization header missing"), r.body());
        assertTrue(wallet.credentials(tier1).isEmpty());
    }

    @Test
    void theStorageApiRefusesATokenMeantForAnotherAudience() {
        Participant tier1 = wallet.createParticipant(Fixtures.slug("tier1-components-cz"));
        Participant issuer = wallet.createParticipant(Fixtures.slug("governance-authority"));
        String forSomeoneElse = wallet.selfIssuedToken(issuer, "did:web:127.0.0.1%3A1:someone-else");
        HttpResponse<String> r = wallet.deliver(tier1, forSomeoneElse, credentialMessage("holder-pid-unknown"));
        assertEquals(401, r.statusCode(), r.body());
        assertTrue(r.body().contains("audience"), r.body());
    }

    @Test
    void aValidIssuerTokenGetsPastAuthenticationToTheHolderPidCheck() {
        // What an issuer's delivery must carry: a token self-issued by a resolvable DID, aud = the holder's DID.
        // IdentityHub 0.15.1 does not check that this DID is the issuer the request went to (nor the VC's
        // signature): an unknown holderPid is what stops this one.
        Participant tier1 = wallet.createParticipant(Fixtures.slug("tier1-components-de"));
        Participant issuer = wallet.createParticipant(Fixtures.slug("governance-authority"));
        String token = wallet.selfIssuedToken(issuer, tier1.did());
        HttpResponse<String> r = wallet.deliver(tier1, token, credentialMessage("holder-pid-unknown"));
        assertEquals(404, r.statusCode(), r.body());
        assertTrue(r.body().contains("ObjectNotFound"), r.body());
        assertTrue(wallet.credentials(tier1).isEmpty());
    }

    @Test
    void aStoredCredentialCanBeReadAndItsRawFormReplaced() {
        Participant oem = wallet.createParticipant(Fixtures.slug("oem-frankfurt"));
        String vcJwt = unsignedJwt(oem.did());
        JsonObject decoded = Json.createObjectBuilder()
                .add("id", "urn:uuid:7d1f3c1e-0d4e-4a4c-9a55-2f0c1d2e3f40")
                .add("type", Json.createArrayBuilder().add("VerifiableCredential").add("MembershipCredential"))
                .add("issuer", Json.createObjectBuilder().add("id", "did:web:127.0.0.1%3A9443:dataspace-issuer"))
                .add("issuanceDate", "2026-12-01T00:00:00Z")
                .add("credentialSubject", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("id", oem.did()).add("claims", Json.createObjectBuilder().add("memberOf", "kaphera-pilot"))))
                .build();
        wallet.storeCredential(oem, "membership-1", IdentityHub.VC1_0_JWT, vcJwt, decoded);

        List<JsonObject> held = wallet.credentials(oem);
        assertEquals(1, held.size(), held.toString());
        assertEquals(vcJwt, IdentityHub.rawVc(held.get(0)));
        assertEquals(oem.did(), held.get(0).getString("holderId"));

        String tampered = vcJwt.substring(0, vcJwt.lastIndexOf('.') + 1) + "AAAA";
        wallet.replaceCredential(oem, held.get(0), tampered);
        JsonObject after = wallet.credential(oem, "membership-1");
        assertEquals(tampered, IdentityHub.rawVc(after));
        assertNotEquals(vcJwt, IdentityHub.rawVc(after));
        assertEquals(IdentityHub.VC1_0_JWT, after.getJsonObject("verifiableCredential").getString("format"));
    }

    /**
     * IdentityHub 0.15.1 lists a participant's credentials from the first 50 of the whole wallet (a query
     * with the default limit and no participant filter, then an authorisation filter); in a wallet a
     * platform shares, a participant's credentials go missing. The platform and this harness page through
     * the super-user's list instead. If this first assertion fails, IdentityHub has fixed it.
     */
    @Test
    void aParticipantsOwnListSeesOnlyTheWalletsFirstFiftySoWeReadTheWholeWallet() {
        Participant crowd = wallet.createParticipant(Fixtures.slug("crowd"));
        wallet.fill(crowd, 300);
        Participant sme = wallet.createParticipant(Fixtures.slug("sme-listed"));
        List<String> mine = wallet.fill(sme, 20);
        assertTrue(wallet.credentialsAsIdentityHubListsThem(sme).size() < mine.size(),
                "IdentityHub listed all " + mine.size() + " credentials of one participant among more than 300");
        assertEquals(Set.copyOf(mine), wallet.credentials(sme).stream().map(c -> c.getString("id")).collect(Collectors.toSet()));
    }

    @Test
    void anIssuersRefusalPutsTheRequestInError() throws Exception {
        try (StandInIssuerService refusing = new StandInIssuerService(403, "")) {
            Participant issuer = wallet.createParticipant(Fixtures.slug("governance-authority"),
                    Map.of("IssuerService", refusing.endpoint()));
            Participant sme = wallet.createParticipant(Fixtures.slug("sme-castings"));
            String holderPid = wallet.requestCredential(sme, issuer.did(), "request-" + Fixtures.slug("sme"),
                    IdentityHub.VC1_0_JWT, "MembershipCredential", "membership-credential-def");
            JsonObject status = wallet.awaitRequestStatus(sme, holderPid, "ERROR", Duration.ofSeconds(30));
            assertEquals(holderPid, status.getString("holderPid"));
            assertEquals(issuer.did(), status.getString("issuerDid"));
            assertNotNull(refusing.received().poll(1, TimeUnit.SECONDS), "it did ask the issuer");
        }
    }

    /**
     * The holder's side of DCP issuance, end to end in the real wallet, with a stand-in for our issuer: the
     * issuer's DID (a participant of the same wallet, so its key signs the delivery token) names an
     * {@code IssuerService} served by this test, which records the wallet's CredentialRequestMessage.
     */
    @Test
    void aRequestedCredentialIsRequestedOverDcpAndStoredOnDelivery() throws Exception {
        try (StandInIssuerService issuerService = new StandInIssuerService(201, "issuer-process-7")) {
            Participant issuer = wallet.createParticipant(Fixtures.slug("governance-authority"),
                    Map.of("IssuerService", issuerService.endpoint()));
            Participant holder = wallet.createParticipant(Fixtures.slug("tier1-components-de"));
            String holderPid = wallet.requestCredential(holder, issuer.did(), "request-" + Fixtures.slug("tier1"),
                    IdentityHub.VC1_0_JWT, "MembershipCredential", "membership-credential-def");

            RecordedRequest request = issuerService.received().poll(30, TimeUnit.SECONDS);
            assertNotNull(request, "the wallet sent no credential request");
            assertEquals("POST", request.method());
            assertEquals("/issuer/credentials", request.path());
            String bearer = request.authorization().substring("Bearer ".length());
            assertEquals(holder.keyId(), Jwt.header(bearer).getString("kid"));
            assertEquals(holder.did(), Jwt.payload(bearer).getString("iss"));
            assertEquals(holder.did(), Jwt.payload(bearer).getString("sub"));
            assertEquals(issuer.did(), Jwt.payload(bearer).getString("aud"));
            JsonObject holderKey = verificationMethod(wallet.didDocument(holder), holder.keyId()).getJsonObject("publicKeyJwk");
            assertTrue(Jwt.verifiesEs256(bearer, holderKey));
            // Expanded JSON-LD, and only the credential object's id (no type, no format).
            JsonObject message = Json.createReader(new StringReader(request.body())).readObject();
            assertEquals(DCP_NS + "CredentialRequestMessage", message.getString("@type"), request.body());
            assertFalse(message.containsKey("@context"), request.body());
            assertTrue(request.body().contains(holderPid), request.body());
            assertTrue(request.body().contains("membership-credential-def"), request.body());
            assertFalse(request.body().contains("MembershipCredential\""), "the type is not sent: " + request.body());

            JsonObject requested = wallet.awaitRequestStatus(holder, holderPid, "REQUESTED", Duration.ofSeconds(10));
            assertEquals("issuer-process-7", requested.getString("issuerPid"), "the issuer's response body");

            // Delivery with a token the issuer's DID key signed. The VC-JWT's own signature is zeros: the wallet
            // stores it anyway (checking credentials is the verifier's job).
            String vcJwt = vcJwt(issuer.did(), holder.did());
            HttpResponse<String> delivered = wallet.deliver(holder, wallet.selfIssuedToken(issuer, holder.did()),
                    credentialMessage(holderPid, vcJwt));
            assertEquals(200, delivered.statusCode(), delivered.body());
            assertEquals("ISSUED", wallet.requestStatus(holder, holderPid).getString("status"));
            List<JsonObject> held = wallet.credentials(holder);
            assertEquals(1, held.size(), held.toString());
            assertEquals(vcJwt, IdentityHub.rawVc(held.get(0)));
            assertEquals(issuer.did(), held.get(0).getString("issuerId"));
            assertEquals(holder.did(), held.get(0).getString("holderId"));
        }
    }

    private record RecordedRequest(String method, String path, String authorization, String body) {
    }

    /**
     * Plays our issuer's {@code IssuerService} endpoint (until the issuer exists): records what the wallet sends
     * to {@code <endpoint>/credentials} and answers every request with {@code status} and {@code body}.
     */
    private static final class StandInIssuerService implements AutoCloseable {
        private final BlockingQueue<RecordedRequest> received = new LinkedBlockingQueue<>();
        private final HttpServer server;

        StandInIssuerService(int status, String body) throws java.io.IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/issuer", exchange -> {
                byte[] request = exchange.getRequestBody().readAllBytes();
                received.add(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"), new String(request, StandardCharsets.UTF_8)));
                byte[] answer = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
                if (answer.length > 0) {
                    exchange.getResponseBody().write(answer);
                }
                exchange.close();
            });
            server.start();
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/issuer");
        }

        BlockingQueue<RecordedRequest> received() {
            return received;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A DCP CredentialMessage for a holderPid nobody requested. */
    private static String credentialMessage(String holderPid) {
        return credentialMessage(holderPid, unsignedJwt("did:web:127.0.0.1%3A1:holder"));
    }

    /** A DCP CredentialMessage as our issuer delivers it (compacted, with the DCP context). */
    private static String credentialMessage(String holderPid, String vcJwt) {
        return Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add(DCP_CONTEXT))
                .add("type", "CredentialMessage")
                .add("issuerPid", "issuer-process-7")
                .add("holderPid", holderPid)
                .add("status", "ISSUED")
                .add("credentials", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("credentialType", "MembershipCredential")
                        .add("format", IdentityHub.VC1_0_JWT)
                        .add("payload", vcJwt)))
                .build().toString();
    }

    /** A VC-JWT (VCDM 1.1 in the {@code vc} claim) of a MembershipCredential, its signature bytes zeros. */
    private static String vcJwt(String issuerDid, String holderDid) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString(("{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"" + issuerDid + "#key-1\"}")
                .getBytes(StandardCharsets.UTF_8));
        long now = Instant.now().getEpochSecond();
        String payload = b64.encodeToString(Json.createObjectBuilder()
                .add("iss", issuerDid).add("sub", holderDid).add("iat", now).add("nbf", now)
                .add("jti", "urn:uuid:" + UUID.randomUUID())
                .add("vc", Json.createObjectBuilder()
                        .add("@context", Json.createArrayBuilder().add("https://www.w3.org/2018/credentials/v1"))
                        .add("id", "urn:uuid:" + UUID.randomUUID())
                        .add("type", Json.createArrayBuilder().add("VerifiableCredential").add("MembershipCredential"))
                        .add("issuer", issuerDid)
                        .add("issuanceDate", Instant.ofEpochSecond(now).toString())
                        .add("credentialSubject", Json.createObjectBuilder().add("id", holderDid).add("memberOf", "kaphera-pilot")))
                .build().toString().getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + b64.encodeToString(new byte[64]);
    }

    /** VC-JWT shaped, signature bytes made up: the wallet stores what it is given. */
    private static String unsignedJwt(String subjectDid) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"ES256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(Json.createObjectBuilder()
                .add("iss", "did:web:127.0.0.1%3A9443:dataspace-issuer").add("sub", subjectDid)
                .add("vc", Json.createObjectBuilder().add("type", Json.createArrayBuilder().add("VerifiableCredential")
                        .add("MembershipCredential")))
                .build().toString().getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + b64.encodeToString(new byte[64]);
    }
}
