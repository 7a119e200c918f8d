package com.kaphera.cloud.it;

import static com.kaphera.cloud.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.Keycloak;
import com.kaphera.cloud.it.support.Stack;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end with a real Keycloak (keycloak-quarkus-dist from Maven Central, the pilot realm from
 * liberty-config/keycloak): tokens from the password and client-credentials grants, JWKS discovery,
 * key rotation picked up, expired tokens refused, roles from group paths.
 */
class KeycloakIT {
    private static final String CP = "controlplanes.edc.kaphera.io";
    private static Keycloak keycloak;
    private static Http server;

    @BeforeAll
    static void realm() {
        Stack stack = Stack.get();
        keycloak = stack.keycloak();
        server = new Http(stack.oidc().baseUri());
        Http admin = server.as(keycloak.passwordToken("lars.platform", Keycloak.devPassword("lars.platform")));
        // The realm's users belong to the pilot's organisations by their real slugs.
        for (String slug : List.of("oem-frankfurt", "tier1-components-de", "tier1-components-cz", "sme-castings",
                "logistics-provider")) {
            int status = admin.post("/api/v1/organisations", "{\"slug\":\"" + slug + "\",\"displayName\":\"" + slug
                    + "\"}").status();
            assertTrue(status == 201 || status == 409, slug + " -> " + status);
            stack.kubernetes().onboard(slug);
        }
    }

    private static Http as(String user) {
        return server.as(keycloak.passwordToken(user, Keycloak.devPassword(user)));
    }

    private static List<String> slugs(JsonObject me) {
        return me.getJsonArray("organisations").getValuesAs(JsonObject.class).stream().map(o -> o.getString("slug")).toList();
    }

    @Test
    void anOperatorsPasswordGrantTokenReachesItsOrganisationOnly() {
        Http otto = as("otto.oem");
        JsonObject me = otto.get("/api/v1/me").json();
        assertEquals("otto.oem", me.getString("username"));
        assertEquals(List.of("oem-frankfurt"), slugs(me));
        assertEquals("operator", me.getJsonArray("organisations").getJsonObject(0).getString("role"));
        assertEquals(200, otto.get(CustomResourcesIT.path("oem-frankfurt", CP)).status());
        assertProblem(otto.get(CustomResourcesIT.path("sme-castings", CP)), 404);
    }

    @Test
    void theTier1AdminSeesBothLegalEntities() {
        JsonObject me = as("tilda.tier1").get("/api/v1/me").json();
        assertEquals(List.of("tier1-components-cz", "tier1-components-de"), slugs(me));
        me.getJsonArray("organisations").getValuesAs(JsonObject.class)
                .forEach(o -> assertEquals("admin", o.getString("role")));
    }

    @Test
    void smeViewersReadButCannotProvision() {
        Http sven = as("sven.castings");
        assertEquals(200, sven.get(CustomResourcesIT.path("sme-castings", CP)).status());
        assertProblem(sven.post(CustomResourcesIT.path("sme-castings", CP), CustomResourcesIT.controlPlane("cp", 1)), 403);
    }

    @Test
    void theLogisticsServiceAccountProvisionsWithClientCredentials() {
        String token = keycloak.clientCredentialsToken(Keycloak.LOGISTICS_CLIENT, Keycloak.LOGISTICS_SECRET);
        Http ci = server.as(token);
        JsonObject me = ci.get("/api/v1/me").json();
        assertEquals(List.of("logistics-provider"), slugs(me));
        String name = "ci-" + System.nanoTime() % 1_000_000;
        Http.Response created = ci.post(CustomResourcesIT.path("logistics-provider", CP), CustomResourcesIT.controlPlane(name, 1));
        assertEquals(201, created.status(), created.body());
        assertProblem(ci.post(CustomResourcesIT.path("oem-frankfurt", CP), CustomResourcesIT.controlPlane(name, 1)), 404);
        assertProblem(server.as(keycloak.clientCredentialsToken(Keycloak.LOGISTICS_CLIENT, Keycloak.LOGISTICS_SECRET)
                .replaceFirst("\\.[^.]+$", ".AAAA")).get("/api/v1/me"), 401);
    }

    @Test
    void aRotatedSigningKeyIsPickedUpFromTheJwks() {
        String before = keycloak.passwordToken("otto.oem", Keycloak.devPassword("otto.oem"));
        assertEquals(200, server.as(before).get("/api/v1/me").status());
        String newKid = keycloak.rotateKeys(true);
        String after = keycloak.passwordToken("otto.oem", Keycloak.devPassword("otto.oem"));
        assertEquals(newKid, Keycloak.header(after).getString("kid"));
        assertNotEquals(Keycloak.header(before).getString("kid"), newKid);
        Http.Response r = server.as(after).get("/api/v1/me");
        assertEquals(200, r.status(), "a token signed with the new key (unknown kid) must verify: " + r.body());
    }

    @Test
    void expiredTokensAreRefused() throws Exception {
        keycloak.setAccessTokenLifespan(2);
        try {
            String shortLived = keycloak.passwordToken("otto.oem", Keycloak.devPassword("otto.oem"));
            assertEquals(200, server.as(shortLived).get("/api/v1/me").status());
            Thread.sleep(4500); // lifespan 2 s + the server's 1 s clock skew + margin
            assertProblem(server.as(shortLived).get("/api/v1/me"), 401);
        } finally {
            keycloak.setAccessTokenLifespan(300);
        }
    }

    @Test
    void tokensCarryWhatTheServerChecks() {
        JsonObject payload = Keycloak.payload(keycloak.passwordToken("greta.authority", Keycloak.devPassword("greta.authority")));
        assertEquals(keycloak.issuer(), payload.getString("iss"));
        assertEquals("RS256", Keycloak.header(keycloak.passwordToken("otto.oem", Keycloak.devPassword("otto.oem"))).getString("alg"));
        List<String> groups = payload.getJsonArray("groups").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        assertTrue(groups.contains("/dataspaces/automotive-dataspace/authority-admin"), groups.toString());
        JsonObject me = server.as(keycloak.passwordToken("greta.authority", Keycloak.devPassword("greta.authority")))
                .get("/api/v1/me").json();
        assertTrue(me.getJsonObject("dataspaceRoles").containsKey("automotive-dataspace"), me.toString());
        // a token of the dev signer (another issuer and key) is worthless here
        assertProblem(server.as(Stack.get().tokens().platformAdmin()).get("/api/v1/me"), 401);
        assertFalse(keycloak.issuer().isBlank());
    }

    @Test
    void tokensNeverReachTheServerLog() throws Exception {
        String token = keycloak.passwordToken("otto.oem", Keycloak.devPassword("otto.oem"));
        server.as(token).get("/api/v1/me");
        server.as(token.substring(0, token.length() - 4) + "AAAA").get("/api/v1/me"); // rejected: must not be logged either
        String signature = token.substring(token.lastIndexOf('.') + 1);
        assertFalse(Stack.get().oidc().messagesLog().contains(signature), "a token signature is in messages.log");
    }
}
