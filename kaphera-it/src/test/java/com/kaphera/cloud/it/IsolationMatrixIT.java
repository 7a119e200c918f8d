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
 * <li>platform-only operations refuse organisation members with 403;</li>
 * <li>a dataspace's governance operations are 404 to everyone without a governance role in it (an
 * organisation's admin, another dataspace's authority) and 403 on writes to its authority viewers;
 * nothing changes.</li>
 * </ul>
 */
class IsolationMatrixIT {
    enum Access { PUBLIC, AUTHENTICATED, PLATFORM, ORG_READ, ORG_WRITE, DATASPACE_READ, DATASPACE_WRITE }

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
            Map.entry("GET /api/v1/audit/keys", Access.PUBLIC),
            Map.entry("GET /api/v1/directory/dataspaces", Access.AUTHENTICATED),
            Map.entry("GET /api/v1/directory/dataspaces/{dataspace}", Access.AUTHENTICATED),
            Map.entry("POST /api/v1/credentials/verify", Access.AUTHENTICATED),
            Map.entry("POST /api/v1/dataspaces", Access.PLATFORM),
            Map.entry("GET /api/v1/dataspaces/{dataspace}", Access.DATASPACE_READ),
            Map.entry("GET /api/v1/dataspaces/{dataspace}/profile/versions", Access.DATASPACE_READ),
            Map.entry("GET /api/v1/dataspaces/{dataspace}/profile/versions/{number}", Access.DATASPACE_READ),
            Map.entry("PUT /api/v1/dataspaces/{dataspace}/profile/draft", Access.DATASPACE_WRITE),
            Map.entry("DELETE /api/v1/dataspaces/{dataspace}/profile/draft", Access.DATASPACE_WRITE),
            Map.entry("POST /api/v1/dataspaces/{dataspace}/profile/draft/publish", Access.DATASPACE_WRITE),
            Map.entry("POST /api/v1/dataspaces/{dataspace}/profile/versions/{number}/deprecate", Access.DATASPACE_WRITE),
            Map.entry("GET /api/v1/dataspaces/{dataspace}/members", Access.DATASPACE_READ),
            Map.entry("POST /api/v1/dataspaces/{dataspace}/members/{member}/migrate", Access.DATASPACE_WRITE),
            Map.entry("GET /api/v1/dataspaces/{dataspace}/membership-requests", Access.DATASPACE_READ),
            Map.entry("GET /api/v1/dataspaces/{dataspace}/membership-requests/{id}", Access.DATASPACE_READ),
            Map.entry("POST /api/v1/dataspaces/{dataspace}/membership-requests/{id}/approve", Access.DATASPACE_WRITE),
            Map.entry("POST /api/v1/dataspaces/{dataspace}/membership-requests/{id}/reject", Access.DATASPACE_WRITE),
            Map.entry("POST /api/v1/dataspaces/{dataspace}/membership-requests/{id}/steps/{position}/rerun", Access.DATASPACE_WRITE),
            Map.entry("GET /api/v1/dataspaces/{dataspace}/credentials", Access.DATASPACE_READ),
            Map.entry("POST /api/v1/dataspaces/{dataspace}/credentials/{id}/revoke", Access.DATASPACE_WRITE),
            Map.entry("POST /api/v1/dataspaces/{dataspace}/credentials/deliveries/{issuance}/retry", Access.DATASPACE_WRITE),
            Map.entry("GET /api/v1/dataspaces/{dataspace}/issuer/keys", Access.DATASPACE_READ),
            Map.entry("POST /api/v1/dataspaces/{dataspace}/issuer/keys/rotate", Access.DATASPACE_WRITE),
            Map.entry("GET /api/v1/organisations/{org}/membership-requests", Access.ORG_READ),
            Map.entry("POST /api/v1/organisations/{org}/membership-requests", Access.ORG_WRITE),
            Map.entry("GET /api/v1/organisations/{org}/membership-requests/{id}", Access.ORG_READ),
            Map.entry("PUT /api/v1/organisations/{org}/membership-requests/{id}/inputs", Access.ORG_WRITE),
            Map.entry("POST /api/v1/organisations/{org}/membership-requests/{id}/steps/{position}/rerun", Access.ORG_WRITE),
            Map.entry("POST /api/v1/organisations/{org}/membership-requests/{id}/withdraw", Access.ORG_WRITE),
            Map.entry("GET /api/v1/organisations/{org}/dataspaces", Access.ORG_READ),
            Map.entry("POST /api/v1/organisations/{org}/joins", Access.ORG_WRITE),
            Map.entry("GET /api/v1/organisations/{org}/joins", Access.ORG_READ),
            Map.entry("GET /api/v1/organisations/{org}/joins/{id}", Access.ORG_READ),
            Map.entry("GET /api/v1/organisations/{org}/joins/{id}/events", Access.ORG_READ),
            Map.entry("GET /api/v1/organisations/{org}/joins/{id}/bundle", Access.ORG_READ),
            Map.entry("POST /api/v1/organisations/{org}/joins/{id}/retry", Access.ORG_WRITE),
            Map.entry("POST /api/v1/organisations/{org}/joins/{id}/steps/{step}/skip", Access.ORG_WRITE),
            Map.entry("POST /api/v1/organisations/{org}/joins/{id}/cancel", Access.ORG_WRITE),
            Map.entry("POST /api/v1/organisations/{org}/joins/{id}/connector", Access.ORG_WRITE),
            Map.entry("GET /api/v1/dataspaces/{dataspace}/joins", Access.DATASPACE_READ),
            Map.entry("GET /api/v1/dataspaces/{dataspace}/joins/{id}", Access.DATASPACE_READ),
            Map.entry("POST /api/v1/dataspaces/{dataspace}/joins/{id}/retry", Access.DATASPACE_WRITE),
            Map.entry("POST /api/v1/dataspaces/{dataspace}/joins/{id}/steps/{step}/skip", Access.DATASPACE_WRITE),
            Map.entry("GET /api/v1/organisations/{org}/dataspaces/{dataspace}/members", Access.ORG_READ),
            Map.entry("GET /api/v1/organisations/{org}/credentials", Access.ORG_READ),
            Map.entry("GET /dcp/{dataspace}/did.json", Access.PUBLIC),
            Map.entry("GET /dcp/{dataspace}/issuer/metadata", Access.PUBLIC),
            Map.entry("POST /dcp/{dataspace}/issuer/credentials", Access.PUBLIC),
            Map.entry("GET /dcp/{dataspace}/issuer/requests/{issuerPid}", Access.PUBLIC),
            Map.entry("GET /dcp/{dataspace}/status/{list}", Access.PUBLIC),
            Map.entry("POST /api/v1/billing/plans", Access.PLATFORM),
            Map.entry("GET /api/v1/billing/plans", Access.PLATFORM),
            Map.entry("GET /api/v1/billing/plans/{code}", Access.PLATFORM),
            Map.entry("POST /api/v1/billing/subscriptions", Access.PLATFORM),
            Map.entry("GET /api/v1/billing/subscriptions", Access.PLATFORM),
            Map.entry("GET /api/v1/billing/subscriptions/{id}", Access.PLATFORM),
            Map.entry("POST /api/v1/billing/subscriptions/{id}/plan-changes", Access.PLATFORM),
            Map.entry("POST /api/v1/billing/subscriptions/{id}/end", Access.PLATFORM),
            Map.entry("GET /api/v1/organisations/{org}/billing/preview", Access.ORG_READ),
            // Invoices: the organisation's admins (another organisation's member gets 404); the rest is Kaphera operations'.
            Map.entry("GET /api/v1/organisations/{org}/invoices", Access.ORG_READ),
            Map.entry("GET /api/v1/organisations/{org}/invoices/{id}", Access.ORG_READ),
            Map.entry("GET /api/v1/customer-accounts/{account}/invoices", Access.PLATFORM),
            Map.entry("GET /api/v1/billing/invoices", Access.PLATFORM),
            Map.entry("GET /api/v1/billing/invoices/{id}", Access.PLATFORM),
            Map.entry("POST /api/v1/billing/invoices/{id}/issue", Access.PLATFORM),
            Map.entry("POST /api/v1/billing/invoices/{id}/pay", Access.PLATFORM),
            Map.entry("POST /api/v1/billing/invoices/{id}/void", Access.PLATFORM),
            Map.entry("POST /api/v1/billing/invoices/{id}/credit-notes", Access.PLATFORM),
            Map.entry("POST /api/v1/billing/runs", Access.PLATFORM),
            Map.entry("GET /api/v1/billing/runs", Access.PLATFORM),
            Map.entry("GET /api/v1/billing/runs/{id}", Access.PLATFORM),
            Map.entry("GET /api/v1/billing/parked", Access.PLATFORM),
            Map.entry("POST /api/v1/billing/parked/{subscription}/{period}/release", Access.PLATFORM),
            // The batch names organisations per event: the edge needs a token, the service refuses per event.
            Map.entry("POST /api/v1/usage-events", Access.AUTHENTICATED),
            Map.entry("GET /api/v1/organisations/{org}/usage-events", Access.ORG_READ));

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final String CP = "controlplanes.edc.kaphera.io";

    private static Http anonymous;
    private static Http attacker;
    private static Http victimViewer;
    private static Http victimOperator;
    private static String victim;
    private static Governance victimDataspace;
    private static String victimRequest;
    private static String victimJoin;
    private static Http otherAuthority;

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
        // A dataspace the victim applied to (its request waits for the authority), and another dataspace's authority.
        victimDataspace = Governance.published("victim-ds", Governance.pilotProfile(false, Governance.bpnl(),
                Governance.manualApproval()));
        Http.Response request = Governance.applicantAdmin(victim).post("/api/v1/organisations/" + victim + "/membership-requests",
                Governance.application(victimDataspace.slug, Fixtures.bpnl(), Fixtures.holderDid(victim), false));
        assertEquals(201, request.status(), request.body());
        victimRequest = request.json().getString("id");
        // And a join of the victim's into the same dataspace: on-premise, so it needs no wallet of ours.
        Http.Response join = Governance.applicantAdmin(victim).post("/api/v1/organisations/" + victim + "/joins",
                "{\"dataspace\":\"" + victimDataspace.slug + "\",\"deploymentModel\":\"on-premise\",\"holderDid\":\""
                        + Fixtures.holderDid(victim) + "\"}", "Idempotency-Key", java.util.UUID.randomUUID().toString());
        assertEquals(202, join.status(), join.body());
        victimJoin = join.json().getString("id");
        otherAuthority = anonymous.as(tokens.forGroups("otto-authority", "/dataspaces/" + Fixtures.slug("other-ds")
                + "/authority-admin", "/orgs/" + attackerOrg + "/admin"));
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
    void aDataspacesGovernanceIs404ToEveryoneWithoutARoleInItAnd403ToItsViewersOnWrites() {
        String before = governanceSnapshot();
        List<String> failures = new ArrayList<>();
        for (String operation : documentedOperations()) {
            Access access = CLASSIFIED.get(operation);
            if (access != Access.DATASPACE_READ && access != Access.DATASPACE_WRITE) {
                continue;
            }
            for (Http stranger : List.of(attacker, otherAuthority, victimOperator)) {
                Http.Response r = call(stranger, operation);
                if (r.status() != 404 || !r.contentType().startsWith("application/problem+json")) {
                    failures.add(operation + " -> " + r.status() + " " + r.body());
                }
            }
            if (access == Access.DATASPACE_WRITE) {
                Http.Response r = call(victimDataspace.authorityViewer, operation);
                if (r.status() != 403) {
                    failures.add("authority viewer: " + operation + " -> " + r.status() + " " + r.body());
                }
            }
        }
        assertTrue(failures.isEmpty(), "governance calls not refused as they should be: " + failures);
        assertEquals(before, governanceSnapshot(), "a refused call changed the dataspace");
    }

    /** The victim dataspace's profile versions, issuer keys and the victim's request, as its authority sees them. */
    private static String governanceSnapshot() {
        Http a = victimDataspace.authority;
        return a.get(victimDataspace.path("/profile/versions")).body() + a.get(victimDataspace.path("/issuer/keys")).body()
                + a.get(victimDataspace.path("/membership-requests/" + victimRequest)).body()
                + withoutTimes(a.get(victimDataspace.path("/joins/" + victimJoin)).json());
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
        Http.Response requests = victimOperator.get("/api/v1/organisations/" + victim + "/membership-requests");
        assertEquals(200, requests.status(), requests.body());
        Http.Response joins = victimOperator.get("/api/v1/organisations/" + victim + "/joins/" + victimJoin);
        assertEquals(200, joins.status(), joins.body());
        return org.header("ETag") + org.body() + resources.json().getJsonArray("items") + requests.body()
                + withoutTimes(joins.json());
    }

    /** A join as its owner sees it, without what its worker moves on its own (schedule, texts, revision). */
    private static String withoutTimes(JsonObject join) {
        return join.getString("state") + " " + join.getString("step", "") + " " + join.getJsonObject("details");
    }

    private static Http.Response call(Http as, String operation) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1)
                .replace("{org}", victim).replace("{type}", CP).replace("{name}", "crown-jewel")
                .replace("{account}", "any-account").replace("{dataspace}", victimDataspace.slug)
                .replace("joins/{id}", "joins/" + victimJoin).replace("{step}", "identity")
                .replace("{id}", victimRequest).replace("{number}", "1").replace("{position}", "1")
                .replace("{member}", victim).replace("{issuance}", java.util.UUID.randomUUID().toString())
                .replace("{issuerPid}", java.util.UUID.randomUUID().toString()).replace("{list}", "0001")
                .replace("{code}", "shared-standard")
                .replace("{subscription}", java.util.UUID.randomUUID().toString()).replace("{period}", "2026-01");
        return switch (method) {
            case "GET" -> as.get(path);
            case "DELETE" -> as.delete(path, "If-Match", "\"1\"");
            case "POST" -> as.post(path, path.contains("/resources/") ? CustomResourcesIT.controlPlane("planted", 5)
                    : "{\"slug\":\"planted\",\"displayName\":\"Planted\",\"legalEntityId\":\"BPNL000000000XXX\"}");
            case "PUT" -> as.send("PUT", path, "application/json", path.contains("/resources/")
                    ? CustomResourcesIT.controlPlane("crown-jewel", 5) : "{}", "If-Match", "\"1\"");
            case "PATCH" -> as.patch(path, path.contains("/resources/") ? "{\"spec\":{\"replicas\":5}}"
                    : "{\"displayName\":\"Owned\"}");
            default -> fail("no call for " + operation);
        };
    }
}
