package com.kaphera.cloud.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.Stack;
import com.kaphera.cloud.it.support.Tokens;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation for every operation the server documents, read from its own OpenAPI document, so
 * that an endpoint added later is covered (or makes this test fail until it is classified):
 * <ul>
 * <li>an operator of organisation A calling any organisation-scoped operation with organisation B's
 * path and B's object ids gets 404, and nothing changes in the database or in Kubernetes;</li>
 * <li>a viewer of B calling any mutating organisation-scoped operation gets 403, nothing changes;</li>
 * <li>platform-only operations refuse organisation members with 403.</li>
 * </ul>
 */
class IsolationMatrixIT {
    enum Access { PUBLIC, AUTHENTICATED, PLATFORM, ORG_READ, ORG_WRITE }

    /** Every documented operation, classified. A new operation must be added here. */
    private static final Map<String, Access> CLASSIFIED = Map.ofEntries(
            Map.entry("GET /capabilities", Access.PUBLIC),
            Map.entry("GET /api/v1/me", Access.AUTHENTICATED),
            Map.entry("GET /api/v1/resource-types", Access.AUTHENTICATED),
            Map.entry("GET /api/v1/resource-types/{type}", Access.AUTHENTICATED),
            Map.entry("GET /api/v1/organisations", Access.AUTHENTICATED),
            Map.entry("POST /api/v1/organisations", Access.PLATFORM),
            Map.entry("DELETE /api/v1/organisations/{org}", Access.PLATFORM),
            Map.entry("GET /api/v1/fleet", Access.PLATFORM),
            Map.entry("POST /api/v1/customer-accounts", Access.PLATFORM),
            Map.entry("GET /api/v1/customer-accounts", Access.PLATFORM),
            Map.entry("GET /api/v1/customer-accounts/{account}", Access.PLATFORM),
            Map.entry("GET /api/v1/organisations/{org}", Access.ORG_READ),
            Map.entry("PATCH /api/v1/organisations/{org}", Access.ORG_WRITE),
            Map.entry("GET /api/v1/organisations/{org}/resources/{type}", Access.ORG_READ),
            Map.entry("POST /api/v1/organisations/{org}/resources/{type}", Access.ORG_WRITE),
            Map.entry("GET /api/v1/organisations/{org}/resources/{type}/{name}", Access.ORG_READ),
            Map.entry("PUT /api/v1/organisations/{org}/resources/{type}/{name}", Access.ORG_WRITE),
            Map.entry("PATCH /api/v1/organisations/{org}/resources/{type}/{name}", Access.ORG_WRITE),
            Map.entry("DELETE /api/v1/organisations/{org}/resources/{type}/{name}", Access.ORG_WRITE),
            Map.entry("GET /api/v1/organisations/{org}/audit", Access.ORG_READ),
            Map.entry("GET /api/v1/organisations/{org}/audit/verify", Access.ORG_READ),
            Map.entry("GET /api/v1/organisations/{org}/audit/export", Access.ORG_READ),
            Map.entry("POST /api/v1/organisations/{org}/audit/checkpoints", Access.ORG_WRITE),
            Map.entry("POST /api/v1/organisations/{org}/audit/retention", Access.PLATFORM),
            Map.entry("GET /api/v1/audit/platform", Access.PLATFORM),
            Map.entry("GET /api/v1/audit/platform/verify", Access.PLATFORM),
            Map.entry("GET /api/v1/audit/platform/export", Access.PLATFORM),
            Map.entry("GET /api/v1/audit/keys", Access.PUBLIC));

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final String CP = "controlplanes.edc.kaphera.io";

    private static Http anonymous;
    private static Http attacker;
    private static Http victimViewer;
    private static Http victimOperator;
    private static String victim;

    @BeforeAll
    static void twoOrganisations() {
        Stack stack = Stack.get();
        Tokens tokens = stack.tokens();
        anonymous = new Http(stack.managed().baseUri());
        String attackerOrg = Fixtures.slug("sme-electronics");
        victim = Fixtures.slug("oem-frankfurt");
        Fixtures.register(attackerOrg, "Renard Electronics");
        Fixtures.register(victim, "OEM Frankfurt AG");
        attacker = anonymous.as(tokens.forGroups("renard-admin", "/orgs/" + attackerOrg + "/admin"));
        victimViewer = anonymous.as(tokens.forGroups("oem-viewer", "/orgs/" + victim + "/viewer"));
        victimOperator = anonymous.as(tokens.forGroups("oem-operator", "/orgs/" + victim + "/operator"));
        assertEquals(201, victimOperator.post(CustomResourcesIT.path(victim, CP),
                CustomResourcesIT.controlPlane("crown-jewel", 1)).status());
    }

    /** Every operation of the managed server's OpenAPI document, as "METHOD /path". */
    private static List<String> documentedOperations() {
        Http.Response doc = anonymous.get("/openapi", "Accept", "application/json");
        assertEquals(200, doc.status(), doc.body());
        List<String> operations = new ArrayList<>();
        JsonObject paths = doc.json().getJsonObject("paths");
        for (String path : new TreeMap<>(paths).keySet()) {
            for (String method : paths.getJsonObject(path).keySet()) {
                if (METHODS.contains(method)) {
                    operations.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path);
                }
            }
        }
        return operations;
    }

    @Test
    void everyDocumentedOperationIsClassified() {
        List<String> documented = documentedOperations();
        List<String> unclassified = documented.stream().filter(op -> !CLASSIFIED.containsKey(op)).toList();
        assertTrue(unclassified.isEmpty(), "classify these operations in IsolationMatrixIT: " + unclassified);
        List<String> stale = CLASSIFIED.keySet().stream().filter(op -> !documented.contains(op)).sorted().toList();
        assertTrue(stale.isEmpty(), "classified but no longer documented (or missing from /openapi): " + stale);
    }

    @Test
    void anotherOrganisationsMemberGets404AndChangesNothing() {
        String before = snapshot();
        List<String> failures = new ArrayList<>();
        for (String operation : documentedOperations()) {
            Access access = CLASSIFIED.get(operation);
            if (access != Access.ORG_READ && access != Access.ORG_WRITE) {
                continue;
            }
            Http.Response r = call(attacker, operation);
            if (r.status() != 404 || !r.contentType().startsWith("application/problem+json")) {
                failures.add(operation + " -> " + r.status() + " " + r.body());
            }
        }
        assertTrue(failures.isEmpty(), "cross-tenant calls not answered 404: " + failures);
        assertEquals(before, snapshot(), "a refused call changed the victim's data");
    }

    @Test
    void viewersGet403OnEveryMutatingOperationAndChangeNothing() {
        String before = snapshot();
        List<String> failures = new ArrayList<>();
        for (String operation : documentedOperations()) {
            Access access = CLASSIFIED.get(operation);
            if (access != Access.ORG_WRITE && access != Access.PLATFORM || operation.startsWith("GET ")) {
                continue;
            }
            Http.Response r = call(victimViewer, operation);
            if (r.status() != 403) {
                failures.add(operation + " -> " + r.status() + " " + r.body());
            }
        }
        assertTrue(failures.isEmpty(), "mutating calls by a viewer not answered 403: " + failures);
        assertEquals(before, snapshot(), "a refused call changed the victim's data");
    }

    @Test
    void platformOperationsRefuseOrganisationMembers() {
        for (String operation : documentedOperations()) {
            if (CLASSIFIED.get(operation) == Access.PLATFORM) {
                assertEquals(403, call(attacker, operation).status(), operation);
            }
        }
    }

    /** The victim's organisation record and resources, as their owner sees them. */
    private static String snapshot() {
        Http.Response org = victimOperator.get("/api/v1/organisations/" + victim);
        Http.Response resources = victimOperator.get(CustomResourcesIT.path(victim, CP));
        assertEquals(200, org.status(), org.body());
        assertEquals(200, resources.status(), resources.body());
        return org.header("ETag") + org.body() + resources.json().getJsonArray("items");
    }

    private static Http.Response call(Http as, String operation) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1)
                .replace("{org}", victim).replace("{type}", CP).replace("{name}", "crown-jewel")
                .replace("{account}", "any-account");
        return switch (method) {
            case "GET" -> as.get(path);
            case "DELETE" -> as.delete(path, "If-Match", "\"1\"");
            case "POST" -> as.post(path, path.contains("/resources/") ? CustomResourcesIT.controlPlane("planted", 5)
                    : "{\"slug\":\"planted\",\"displayName\":\"Planted\",\"legalEntityId\":\"BPNL000000000XXX\"}");
            case "PUT" -> as.send("PUT", path, "application/json", CustomResourcesIT.controlPlane("crown-jewel", 5),
                    "If-Match", "\"1\"");
            case "PATCH" -> as.patch(path, path.contains("/resources/") ? "{\"spec\":{\"replicas\":5}}"
                    : "{\"displayName\":\"Owned\"}");
            default -> fail("no call for " + operation);
        };
    }
}
