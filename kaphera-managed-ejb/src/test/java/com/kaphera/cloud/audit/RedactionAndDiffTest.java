package com.kaphera.cloud.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionAndDiffTest {
    private static JsonObject json(String text) {
        try (JsonReader r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }

    @Test
    void secretValuesAreRedactedAtAnyDepthAndReferencesKept() {
        JsonObject spec = json("""
                {"auth":{"password":"hunter2","clientSecret":"cs-123","tokenFile":"/var/run/token"},
                 "apiKey":{"secretKeyRef":{"name":"edc-mgmt","key":"api-key"}},
                 "privateKey":{"pem":"-----BEGIN PRIVATE KEY-----abc"},
                 "env":[{"name":"EDC_API_KEY","value":"k-987"},{"name":"EDC_HOSTNAME","value":"oem.example"}],
                 "tlsSecretRef":{"name":"oem-tls"},"replicas":2}""");
        String redacted = Redaction.redact(spec).toString();
        for (String secret : List.of("hunter2", "cs-123", "BEGIN PRIVATE KEY", "k-987")) {
            assertFalse(redacted.contains(secret), secret + " leaked: " + redacted);
        }
        for (String kept : List.of("/var/run/token", "edc-mgmt", "api-key", "oem.example", "oem-tls", "\"replicas\":2")) {
            assertTrue(redacted.contains(kept), kept + " lost: " + redacted);
        }
    }

    @Test
    void aDiffNamesWhatChangedAndNeverShowsASecret() {
        JsonObject before = json("{\"spec\":{\"replicas\":1,\"auth\":{\"password\":\"old-pw\"}},\"metadata\":{\"labels\":{\"team\":\"a\"}}}");
        JsonObject after = json("{\"spec\":{\"replicas\":2,\"auth\":{\"password\":\"new-pw\"}},\"metadata\":{\"labels\":{\"team\":\"a\",\"tier\":\"gold\"}}}");
        JsonObject diff = ChangeDiff.between(before, after, List.of("spec", "metadata.labels"));
        assertEquals(json("""
                {"spec.auth.password":{"from":"[redacted]","to":"[redacted]"},
                 "spec.replicas":{"from":1,"to":2},
                 "metadata.labels.tier":{"from":null,"to":"gold"}}"""), diff);
        assertEquals("auth.password [redacted] → [redacted], replicas 1 → 2, metadata.labels.tier (none) → gold",
                ChangeDiff.phrase(diff));
    }

    @Test
    void aRecordsDiffIsByFieldNameAndItsPhraseKeepsTheValuesAsTheyAre() {
        JsonObject diff = ChangeDiff.between(json("{\"displayName\":\"Novak\",\"legalEntityId\":null}"),
                json("{\"displayName\":\"Novak organisation.eu\",\"legalEntityId\":null}"));
        assertEquals(json("{\"displayName\":{\"from\":\"Novak\",\"to\":\"Novak organisation.eu\"}}"), diff);
        assertEquals("displayName Novak → Novak organisation.eu", ChangeDiff.phrase(diff));
    }

    @Test
    void outcomesFollowTheStatus() {
        assertEquals(Outcome.DENIED, Outcome.ofStatus(403));
        assertEquals(Outcome.NOT_FOUND, Outcome.ofStatus(404));
        assertEquals(Outcome.CONFLICT, Outcome.ofStatus(412));
        assertEquals(Outcome.INVALID, Outcome.ofStatus(413));
        assertEquals(Outcome.UNAVAILABLE, Outcome.ofStatus(503));
        assertEquals(Outcome.FAILED, Outcome.ofStatus(500));
        assertEquals("not-found", Outcome.NOT_FOUND.id());
    }
}
