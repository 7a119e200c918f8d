package com.kaphera.cloud.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.Http;
import jakarta.json.JsonObject;
import java.util.List;

/** Assertions on RFC 9457 answers, shared by every test. */
final class Problems {
    private Problems() {
    }

    /** The response is problem+json with this status, all mandatory members, and no server internals. */
    static JsonObject assertProblem(Http.Response r, int status) {
        assertEquals(status, r.status(), r.body());
        assertNotNull(r.contentType(), "Content-Type");
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType() + ": " + r.body());
        JsonObject p = r.json();
        assertEquals(status, p.getInt("status"));
        assertTrue(p.getString("type").startsWith("https://kaphera.io/problems/"), p.toString());
        assertFalse(p.getString("title").isBlank());
        assertFalse(p.getString("detail").isBlank());
        assertTrue(p.containsKey("instance"), p.toString());
        for (String leak : List.of("Exception", "at com.", "at org.", "jakarta.", "org.hibernate", "SQL", "java.")) {
            assertFalse(r.body().contains(leak), "problem leaks '" + leak + "': " + r.body());
        }
        return p;
    }

    /** A 400 problem whose field errors include {@code field} (message containing {@code messagePart}). */
    static JsonObject assertFieldError(Http.Response r, String field, String messagePart) {
        JsonObject p = assertProblem(r, 400);
        assertTrue(p.containsKey("errors"), "no field errors: " + p);
        boolean found = p.getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .anyMatch(e -> e.getString("field").equals(field) && e.getString("message").contains(messagePart));
        assertTrue(found, "expected error on '" + field + "' containing '" + messagePart + "': " + p);
        return p;
    }
}
