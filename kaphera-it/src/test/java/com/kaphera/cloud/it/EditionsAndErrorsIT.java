package com.kaphera.cloud.it;

import static com.kaphera.cloud.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.Stack;
import com.kaphera.cloud.it.support.Tokens;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Edition gating and the errors JAX-RS and the container raise themselves, all as problem+json. */
class EditionsAndErrorsIT {
    private final Tokens tokens = Stack.get().tokens();
    private final Http managed = new Http(Stack.get().managed().baseUri());

    @Test
    void managedOnlyEndpointIsNotFoundInByoc() {
        Http byoc = new Http(Stack.get().byoc().baseUri()).as(tokens.platformAdmin());
        JsonObject p = assertProblem(byoc.get("/api/v1/fleet"), 404);
        assertEquals("https://kaphera.io/problems/not-found", p.getString("type"));
        // Governance, the directory and the credential issuer are managed-only, public DCP paths included.
        for (String path : java.util.List.of("/api/v1/directory/dataspaces", "/api/v1/dataspaces/automotive-dataspace",
                "/api/v1/organisations/oem/membership-requests", "/api/v1/credentials/verify")) {
            assertEquals(404, byoc.get(path).status(), path);
        }
        assertEquals(404, new Http(Stack.get().byoc().baseUri()).withoutContractCheck("not a BYOC path")
                .get("/dcp/automotive-dataspace/did.json").status());
        assertEquals(200, byoc.get("/api/v1/organisations").status(), "shared features stay");
        Http.Response types = byoc.get("/api/v1/resource-types");
        assertEquals(200, types.status(), "the BYOC core serves custom resources (Kubernetes by kubeconfig)");
        assertTrue(types.json().getJsonArray("items").size() >= 10, types.body());
    }

    @Test
    void managedOnlyEndpointServesPlatformStaffInManaged() {
        Http.Response r = managed.as(tokens.forGroups("support", "/platform/support")).get("/api/v1/fleet");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().getJsonNumber("liveOrganisations").longValue() >= 0);
        assertProblem(managed.as(tokens.forGroups("oem", "/orgs/oem/admin")).get("/api/v1/fleet"), 403);
        assertProblem(managed.get("/api/v1/fleet"), 401);
    }

    @Test
    void openApiListsOnlyTheEditionsPaths() {
        String managedDoc = managed.get("/openapi").body();
        assertTrue(managedDoc.contains("/api/v1/fleet"), managedDoc);
        assertTrue(managedDoc.contains("/api/v1/organisations"));
        String byocDoc = new Http(Stack.get().byoc().baseUri()).get("/openapi").body();
        assertTrue(byocDoc.contains("/api/v1/organisations"), byocDoc);
        assertTrue(byocDoc.contains("/api/v1/organisations/{org}/resources/{type}/{name}"), byocDoc);
        assertTrue(byocDoc.contains("/api/v1/resource-types"), byocDoc);
        assertFalse(byocDoc.contains("/api/v1/fleet"), "managed-only path in the BYOC OpenAPI document");
        for (String path : java.util.List.of("/api/v1/dataspaces", "/api/v1/directory", "membership-requests", "/dcp/",
                "/api/v1/credentials")) {
            assertFalse(byocDoc.contains(path), path + " in the BYOC OpenAPI document");
            assertTrue(managedDoc.contains(path), path + " missing from the managed OpenAPI document");
        }
        assertEquals(200, managed.get("/openapi/ui/").status());
    }

    @Test
    void unknownPathsAreProblemNotFound() {
        assertProblem(managed.as(tokens.platformAdmin()).get("/api/v1/no-such-thing"), 404);
        assertProblem(managed.get("/no-such-page"), 404);
    }

    @Test
    void unsupportedMethodIsProblem405WithAllow() {
        Http.Response r = managed.delete("/capabilities");
        assertProblem(r, 405);
        assertTrue(r.header("Allow") != null && r.header("Allow").contains("GET"), "Allow: " + r.header("Allow"));
    }

    @Test
    void unacceptableMediaTypeIsProblem406() {
        assertProblem(managed.as(tokens.platformAdmin()).get("/api/v1/organisations", "Accept", "application/xml"), 406);
    }
}
