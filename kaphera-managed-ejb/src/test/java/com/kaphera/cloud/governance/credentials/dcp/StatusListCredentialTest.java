package com.kaphera.cloud.governance.credentials.dcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class StatusListCredentialTest {
    private final IssuerKey issuerKey = IssuerKey.generate(Pilot.ISSUER, "key-1");

    @Test
    void theJsonFormHasWhatEdc015ParsesIntoABitstringStatusListCredential() {
        BitstringStatusList list = BitstringStatusList.empty();
        list.set(3, true);
        JsonObject json = StatusListCredential.json(Pilot.ISSUER, Pilot.STATUS_LIST, "revocation", list,
                Pilot.NOW, Pilot.NOW.plusSeconds(3600));

        assertEquals(Pilot.STATUS_LIST.toString(), json.getString("id"));
        assertEquals(Json.createArrayBuilder().add("VerifiableCredential").add("BitstringStatusListCredential").build(), json.getJsonArray("type"));
        assertEquals(Pilot.ISSUER, json.getString("issuer"));
        assertEquals("2026-12-01T09:00:00Z", json.getString("issuanceDate"));
        assertEquals("2026-12-01T10:00:00Z", json.getString("expirationDate"));
        JsonObject subject = json.getJsonObject("credentialSubject");
        assertEquals(Pilot.STATUS_LIST + "#list", subject.getString("id"));
        assertEquals("BitstringStatusList", subject.getString("type"));
        assertEquals("revocation", subject.getString("statusPurpose"));
        assertTrue(BitstringStatusList.decode(subject.getString("encodedList")).isSet(3));
    }

    @Test
    void theSignedFormCarriesTheJsonFormAsItsVcClaim() {
        BitstringStatusList list = BitstringStatusList.empty();
        String jwt = StatusListCredential.issue(issuerKey, Pilot.STATUS_LIST, "revocation", list, Pilot.NOW, Pilot.NOW.plusSeconds(3600));

        assertEquals(StatusListCredential.json(Pilot.ISSUER, Pilot.STATUS_LIST, "revocation", list, Pilot.NOW, Pilot.NOW.plusSeconds(3600)),
                Pilot.payload(jwt).getJsonObject("vc"));
        assertEquals(Pilot.ISSUER, Pilot.payload(jwt).getString("iss"));
        assertEquals(issuerKey.id(), Pilot.header(jwt).getString("kid"));
    }

    @Test
    void aListMustExpireAfterItIsMadeAndHaveAKnownPurpose() {
        BitstringStatusList list = BitstringStatusList.empty();
        assertThrows(IllegalArgumentException.class,
                () -> StatusListCredential.json(Pilot.ISSUER, Pilot.STATUS_LIST, "revocation", list, Pilot.NOW, Pilot.NOW));
        assertThrows(IllegalArgumentException.class,
                () -> StatusListCredential.json(Pilot.ISSUER, Pilot.STATUS_LIST, "refresh", list, Pilot.NOW, Pilot.NOW.plusSeconds(1)));
    }
}
