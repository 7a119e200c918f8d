package com.kaphera.cloud.governance.credentials.dcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class DidDocumentTest {
    private final IssuerKey current = IssuerKey.generate(Pilot.ISSUER, "key-2");
    private final IssuerKey rotated = IssuerKey.generate(Pilot.ISSUER, "key-1");

    @Test
    void theIssuerDocumentPublishesPublicKeysForAssertionAndAuthenticationAndTheIssuerService() {
        JsonObject doc = DidDocument.issuer(Pilot.ISSUER, List.of(current.published(), rotated.published()), Pilot.ISSUER_SERVICE);

        assertEquals(Json.createArrayBuilder().add("https://www.w3.org/ns/did/v1").add("https://w3id.org/security/suites/jws-2020/v1").build(),
                doc.getJsonArray("@context"));
        assertEquals(Pilot.ISSUER, doc.getString("id"));
        JsonObject method = doc.getJsonArray("verificationMethod").getJsonObject(0);
        assertEquals(Pilot.ISSUER + "#key-2", method.getString("id"));
        assertEquals("JsonWebKey2020", method.getString("type"));
        assertEquals(Pilot.ISSUER, method.getString("controller"));
        assertEquals(List.of("crv", "kty", "x", "y"), method.getJsonObject("publicKeyJwk").keySet().stream().sorted().toList());
        assertEquals(Json.createArrayBuilder().add(Pilot.ISSUER + "#key-2").add(Pilot.ISSUER + "#key-1").build(), doc.getJsonArray("assertionMethod"));
        assertEquals(doc.getJsonArray("assertionMethod"), doc.getJsonArray("authentication"));
        JsonObject service = doc.getJsonArray("service").getJsonObject(0);
        assertEquals("IssuerService", service.getString("type"));
        assertEquals(Pilot.ISSUER_SERVICE.toString(), service.getString("serviceEndpoint"));
        assertFalse(doc.toString().contains("\"d\""), "no private key member may be published");
    }

    @Test
    void theIssuerDocumentRefusesKeysOfAnotherDidOrTwice() {
        IssuerKey foreign = IssuerKey.generate(Pilot.OEM, "key-1");
        assertThrows(IllegalArgumentException.class,
                () -> DidDocument.issuer(Pilot.ISSUER, List.of(foreign.published()), Pilot.ISSUER_SERVICE));
        assertThrows(IllegalArgumentException.class,
                () -> DidDocument.issuer(Pilot.ISSUER, List.of(current.published(), current.published()), Pilot.ISSUER_SERVICE));
        assertThrows(IllegalArgumentException.class, () -> DidDocument.issuer(Pilot.ISSUER, List.of(), Pilot.ISSUER_SERVICE));
    }

    @Test
    void keysAreFoundByFullRelativeOrBareKid() {
        DidDocument doc = DidDocument.parse(DidDocument.issuer(Pilot.ISSUER, List.of(current.published()), Pilot.ISSUER_SERVICE));
        for (String kid : List.of(Pilot.ISSUER + "#key-2", "#key-2", "key-2")) {
            assertEquals(current.published().publicJwk(), doc.key(kid).orElseThrow().publicKeyJwk(), kid);
        }
        assertTrue(doc.key(Pilot.OEM + "#key-2").isEmpty(), "a kid of another DID names no key here");
        assertTrue(doc.key("#key-1").isEmpty());
        assertEquals(URI.create(Pilot.ISSUER_SERVICE.toString()), doc.serviceEndpoint("issuerservice").orElseThrow());
    }

    @Test
    void relativeMethodIdsAreMadeAbsoluteAndPrivateMembersDropped() {
        Pilot pilot = new Pilot();
        IssuerKey holderKey = IssuerKey.generate(Pilot.OEM, "key-1");
        pilot.publishHolder(Pilot.OEM, holderKey, true);
        JsonObject withPrivate = Json.createObjectBuilder(pilot.didDocuments.get(Pilot.OEM))
                .add("verificationMethod", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("id", "#key-1").add("type", "JsonWebKey2020")
                        .add("publicKeyJwk", JsonValues.parseObject(holderKey.publicJwk().toJSONString()).orElseThrow()))
                        .add(Json.createObjectBuilder().add("id", "#multibase").add("type", "Multikey").add("publicKeyMultibase", "zDnae")))
                .build();
        DidDocument doc = DidDocument.parse(withPrivate);
        assertEquals(List.of(Pilot.OEM + "#key-1"), doc.verificationMethods().stream().map(DidDocument.VerificationMethod::id).toList());
        assertFalse(doc.verificationMethods().get(0).publicKeyJwk().isPrivate());
        assertTrue(doc.serviceEndpoint("CredentialService").isPresent());
    }

    @Test
    void aDocumentWithoutIdOrWithDuplicateMethodIdsIsRefused() {
        assertThrows(InvalidDidDocumentException.class, () -> DidDocument.parse(Json.createObjectBuilder().build()));
        JsonObject issuerDoc = DidDocument.issuer(Pilot.ISSUER, List.of(current.published()), Pilot.ISSUER_SERVICE);
        JsonObject method = issuerDoc.getJsonArray("verificationMethod").getJsonObject(0);
        JsonObject duplicated = Json.createObjectBuilder(issuerDoc)
                .add("verificationMethod", Json.createArrayBuilder().add(method).add(Json.createObjectBuilder(method).add("id", "#key-2")))
                .build();
        assertThrows(InvalidDidDocumentException.class, () -> DidDocument.parse(duplicated));
    }
}
