package com.kaphera.cloud.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.IdentityHub;
import com.kaphera.cloud.it.support.IdentityHub.Participant;
import com.kaphera.cloud.it.support.Jwt;
import com.kaphera.cloud.it.support.Sockets;
import com.kaphera.cloud.it.support.Stack;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dev-only wallet (a real EDC IdentityHub 0.15.1, module kaphera-dev-identityhub) that the DCP tests
 * of our credential issuer use as the holder: what a participant created through the harness looks like
 * to the outside (did:web document, STS tokens, Storage API), and that the process listens on loopback only.
 */
class IdentityHubIT {
    private static final String DCP_CONTEXT = "https://w3id.org/dspace-dcp/v1.0/dcp.jsonld";
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

    /** A DCP CredentialMessage as our issuer delivers it (compacted, with the DCP context). */
    private static String credentialMessage(String holderPid) {
        return Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add(DCP_CONTEXT))
                .add("type", "CredentialMessage")
                .add("issuerPid", "issuer-process-1")
                .add("holderPid", holderPid)
                .add("status", "ISSUED")
                .add("credentials", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("credentialType", "MembershipCredential")
                        .add("format", IdentityHub.VC1_0_JWT)
                        .add("payload", unsignedJwt("did:web:127.0.0.1%3A1:holder"))))
                .build().toString();
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
