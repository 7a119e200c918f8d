package com.kaphera.cloud.governance.credentials.dcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.governance.credentials.dcp.DcpMessages.CredentialObject;
import com.kaphera.cloud.governance.credentials.dcp.DcpMessages.CredentialRequest;
import com.kaphera.cloud.governance.credentials.dcp.DcpMessages.IssuedCredential;
import com.kaphera.cloud.governance.credentials.dcp.DcpMessages.RequestStatus;
import com.kaphera.cloud.governance.credentials.dcp.DcpMessages.RequestedCredential;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class DcpMessagesTest {
    private static final String NS = "https://w3id.org/dspace-dcp/v1.0/";

    /** Exactly what EDC IdentityHub 0.15.1's wallet POSTs to <IssuerService>/credentials (seen on the wire). */
    private static JsonObject edcRequest(String holderPid, JsonArrayBuilder requested) {
        return Json.createObjectBuilder()
                .add("@type", NS + "CredentialRequestMessage")
                .add(NS + "credentials", Json.createArrayBuilder().add(Json.createObjectBuilder().add("@type", "@json").add("@value", requested)))
                .add(NS + "holderPid", Json.createObjectBuilder().add("@id", holderPid))
                .build();
    }

    @Test
    void theExpandedFormEdcSendsIsRead() {
        CredentialRequest request = DcpMessages.parseCredentialRequest(edcRequest("req-bavaria-001",
                Json.createArrayBuilder().add(Json.createObjectBuilder().add("id", "automotive-membership"))));

        assertEquals("req-bavaria-001", request.holderPid());
        assertEquals(List.of(new RequestedCredential("automotive-membership", null, null)), request.credentials());
    }

    @Test
    void expandedValuesWrappedInArraysAreReadToo() {
        JsonObject wrapped = Json.createObjectBuilder()
                .add("@type", Json.createArrayBuilder().add(NS + "CredentialRequestMessage"))
                .add(NS + "credentials", Json.createArrayBuilder().add(Json.createObjectBuilder().add("@type", "@json")
                        .add("@value", Json.createArrayBuilder().add(Json.createObjectBuilder().add("id", "automotive-membership")))))
                .add(NS + "holderPid", Json.createArrayBuilder().add(Json.createObjectBuilder().add("@id", "req-1")))
                .build();
        assertEquals("req-1", DcpMessages.parseCredentialRequest(wrapped).holderPid());
    }

    @Test
    void theCompactFormIsReadWithCredentialObjectIdsOrTypesAndFormats() {
        JsonObject compact = Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add(DcpMessages.DCP_CONTEXT))
                .add("type", "CredentialRequestMessage")
                .add("holderPid", "req-kessler-7")
                .add("credentials", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("id", "automotive-membership"))
                        .add(Json.createObjectBuilder().add("credentialType", "MembershipCredential").add("format", "VC1_0_JWT")))
                .build();
        CredentialRequest request = DcpMessages.parseCredentialRequest(compact);
        assertEquals("req-kessler-7", request.holderPid());
        assertEquals(List.of(new RequestedCredential("automotive-membership", null, null),
                new RequestedCredential(null, "MembershipCredential", "VC1_0_JWT")), request.credentials());
    }

    @Test
    void anythingElseIsRefusedSayingWhy() {
        JsonArrayBuilder one = Json.createArrayBuilder().add(Json.createObjectBuilder().add("id", "automotive-membership"));
        assertRefused(Json.createObjectBuilder().add("type", "CredentialRequestMessage").build(), "neither");
        assertRefused(Json.createObjectBuilder().add("@context", Json.createArrayBuilder().add("https://www.w3.org/ns/odrl.jsonld"))
                .add("type", "CredentialRequestMessage").build(), "@context");
        assertRefused(Json.createObjectBuilder().add("@context", Json.createArrayBuilder().add(DcpMessages.DCP_CONTEXT))
                .add("type", "CredentialOfferMessage").build(), "not a CredentialRequestMessage");
        assertRefused(Json.createObjectBuilder(edcRequest("x", one)).remove(NS + "holderPid").build(), "holderPid");
        assertRefused(edcRequest("req\u0000evil", Json.createArrayBuilder().add(Json.createObjectBuilder().add("id", "a"))), "printable");
        assertRefused(edcRequest("req-1", Json.createArrayBuilder()), "1 to 32");
        JsonArrayBuilder many = Json.createArrayBuilder();
        for (int i = 0; i < 33; i++) {
            many.add(Json.createObjectBuilder().add("id", "c" + i));
        }
        assertRefused(edcRequest("req-1", many), "1 to 32");
        assertRefused(edcRequest("req-1", Json.createArrayBuilder().add(Json.createObjectBuilder().add("format", "VC1_0_JWT"))), "names a credential");
        assertRefused(edcRequest("req-1", Json.createArrayBuilder().add(Json.createObjectBuilder().add("id", 7))), "not a string");
        assertRefused(Json.createObjectBuilder(edcRequest("x", one)).add(NS + "credentials", "nope").build(), "JSON literal");
    }

    private static void assertRefused(JsonObject message, String why) {
        InvalidDcpMessageException e = assertThrows(InvalidDcpMessageException.class, () -> DcpMessages.parseCredentialRequest(message));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void theCredentialMessageIsTheCompactFormTheWalletStores() {
        JsonObject message = DcpMessages.credentialMessage("iss-7f3c", "req-bavaria-001",
                List.of(IssuedCredential.vc11Jwt("MembershipCredential", "eyJhbGciOiJFUzI1NiJ9.e30.sig")));

        assertEquals(Json.createReader(new java.io.StringReader("""
                {"@context":["https://w3id.org/dspace-dcp/v1.0/dcp.jsonld"],"type":"CredentialMessage",
                 "issuerPid":"iss-7f3c","holderPid":"req-bavaria-001","status":"ISSUED",
                 "credentials":[{"credentialType":"MembershipCredential","format":"VC1_0_JWT","payload":"eyJhbGciOiJFUzI1NiJ9.e30.sig"}]}
                """)).readObject(), message);
        assertThrows(IllegalArgumentException.class, () -> DcpMessages.credentialMessage("i", "h", List.of()));
    }

    @Test
    void issuerMetadataListsCredentialObjectsWithTheVc11JwtProfile() {
        JsonObject metadata = DcpMessages.issuerMetadata(Pilot.ISSUER,
                List.of(CredentialObject.vc11Jwt("automotive-membership", "MembershipCredential")));

        assertEquals("IssuerMetadata", metadata.getString("type"));
        assertEquals(Pilot.ISSUER, metadata.getString("issuer"));
        JsonObject offered = metadata.getJsonArray("credentialsSupported").getJsonObject(0);
        assertEquals("automotive-membership", offered.getString("id"));
        assertEquals("CredentialObject", offered.getString("type"));
        assertEquals("MembershipCredential", offered.getString("credentialType"));
        assertEquals("vc11-sl2021/jwt", offered.getString("profile"));
        assertEquals(Json.createArrayBuilder().add("did:web").build(), offered.getJsonArray("bindingMethods"));
    }

    @Test
    void theRequestStatusAnswerNamesBothProcessIds() {
        JsonObject status = DcpMessages.credentialStatus("iss-7f3c", "req-bavaria-001", RequestStatus.RECEIVED);
        assertEquals("CredentialStatus", status.getString("type"));
        assertEquals("iss-7f3c", status.getString("issuerPid"));
        assertEquals("req-bavaria-001", status.getString("holderPid"));
        assertEquals("RECEIVED", status.getString("status"));
    }
}
