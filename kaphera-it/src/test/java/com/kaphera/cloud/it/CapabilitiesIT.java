package com.kaphera.cloud.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.Stack;
import com.kaphera.cloud.it.support.Tokens;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class CapabilitiesIT {

    @Test
    void managedEditionAnnouncesEveryFeatureEnabled() {
        Http.Response r = new Http(Stack.get().managed().baseUri()).get("/capabilities");
        assertEquals(200, r.status(), r.body());
        JsonObject body = r.json();
        assertEquals("managed", body.getString("edition"));
        assertEquals("v1", body.getString("apiVersion"));
        assertFalse(body.getString("serverVersion").isBlank());
        assertEquals(Tokens.ISSUER, body.getJsonObject("oidc").getString("issuer"));
        assertEquals("kaphera-cli", body.getJsonObject("oidc").getString("clientId"));
        assertTrue(feature(body, "organisations").getBoolean("enabled"));
        assertEquals("/api/v1/organisations", feature(body, "organisations").getString("basePath"));
        assertTrue(feature(body, "fleet").getBoolean("enabled"));
        assertTrue(feature(body, "fleet").getBoolean("managedOnly"));
        assertTrue(feature(body, "audit").getBoolean("enabled"));
        assertFalse(feature(body, "audit").getBoolean("managedOnly"));
    }

    @Test
    void byocEditionAnnouncesManagedOnlyFeaturesDisabled() {
        Http.Response r = new Http(Stack.get().byoc().baseUri()).get("/capabilities");
        assertEquals(200, r.status(), r.body());
        JsonObject body = r.json();
        assertEquals("byoc", body.getString("edition"));
        assertTrue(feature(body, "organisations").getBoolean("enabled"));
        assertTrue(feature(body, "resources").getBoolean("enabled"));
        assertTrue(feature(body, "resource-types").getBoolean("enabled"));
        assertFalse(feature(body, "fleet").getBoolean("enabled"));
        assertFalse(feature(body, "audit").getBoolean("enabled"), "BYOC turns the audit log on by configuration");
    }

    @Test
    void answersNotModifiedForTheCurrentETag() {
        Http http = new Http(Stack.get().managed().baseUri());
        Http.Response first = http.get("/capabilities");
        String etag = first.header("ETag");
        assertNotNull(etag, "ETag header");
        assertTrue(first.header("Cache-Control").contains("max-age"), first.header("Cache-Control"));
        Http.Response again = http.get("/capabilities", "If-None-Match", etag);
        assertEquals(304, again.status());
        assertEquals("", again.body());
        assertEquals(200, http.get("/capabilities", "If-None-Match", "\"something-else\"").status());
    }

    @Test
    void needsNoTokenButToleratesOne() {
        Stack stack = Stack.get();
        Http http = new Http(stack.managed().baseUri());
        assertEquals(200, http.as(stack.tokens().platformAdmin()).get("/capabilities").status());
    }

    static JsonObject feature(JsonObject capabilities, String name) {
        return capabilities.getJsonArray("features").getValuesAs(JsonObject.class).stream()
                .filter(f -> f.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no feature " + name + " in " + capabilities));
    }
}
