package com.kaphera.cloud.it.support;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract check itself, on a small 3.1 document: it must fail where the servers would be wrong. */
class OpenApiContractTest {
    private static final URI SERVER = URI.create("http://127.0.0.1:1/");
    private static final String DOCUMENT = """
            {"openapi":"3.1.0","info":{"title":"t","version":"1"},
             "paths":{"/api/v1/organisations/{org}":{
               "get":{"operationId":"getOrganisation","parameters":[{"name":"org","in":"path","required":true,"schema":{"type":"string"}}],
                 "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Organisation"}}}},
                              "404":{"$ref":"#/components/responses/NotFound"}}},
               "patch":{"operationId":"updateOrganisation","requestBody":{"required":true,"content":{"application/merge-patch+json":
                   {"schema":{"type":"object","properties":{"legalEntityId":{"type":["string","null"]}},"additionalProperties":false}}}},
                 "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Organisation"}}}},
                              "400":{"description":"bad","content":{"application/problem+json":{"schema":{"$ref":"#/components/schemas/Problem"}}}}}}}},
             "components":{
               "schemas":{"Organisation":{"type":"object","required":["slug"],"properties":{"slug":{"type":"string"}}},
                          "Problem":{"type":"object","required":["type","status"],"properties":{"type":{"type":"string"},"status":{"type":"integer"}}}},
               "responses":{"NotFound":{"description":"nf","content":{"application/problem+json":{"schema":{"$ref":"#/components/schemas/Problem"}}}}}}}
            """;
    private final OpenApiContract contract = OpenApiContract.fromDocument(SERVER, DOCUMENT);

    private void get(String path, int status, String contentType, String body) {
        contract.check("GET", SERVER.resolve(path), null, null, Map.of(), status, contentType, body);
    }

    private void patch(String body, int status, String responseBody) {
        contract.check("PATCH", SERVER.resolve("/api/v1/organisations/acme"), "application/merge-patch+json", body,
                Map.of("Content-Type", List.of("application/merge-patch+json")), status,
                status < 300 ? "application/json" : "application/problem+json", responseBody);
    }

    @Test
    void acceptsAnswersAsDocumented() {
        assertDoesNotThrow(() -> get("/api/v1/organisations/acme", 200, "application/json", "{\"slug\":\"acme\"}"));
        assertDoesNotThrow(() -> get("/api/v1/organisations/acme", 404, "application/problem+json;charset=UTF-8",
                "{\"type\":\"https://kaphera.io/problems/not-found\",\"status\":404}"));
        assertDoesNotThrow(() -> get("/api/v1/no-such-thing", 404, "application/problem+json", "{}"));
        assertDoesNotThrow(() -> get("/health/ready", 200, "application/json", "anything"));
    }

    @Test
    void refusesABodyThatDoesNotMatchTheSchema() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> get("/api/v1/organisations/acme", 200, "application/json", "{\"slug\":5}"));
        assertTrue(e.getMessage().contains("getOrganisation") && e.getMessage().contains("slug"), e.getMessage());
        assertThrows(AssertionError.class, () -> get("/api/v1/organisations/acme", 404, "application/problem+json", "{}"));
    }

    @Test
    void refusesAnUndocumentedStatusOrContentType() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> get("/api/v1/organisations/acme", 401, "application/problem+json", "{\"type\":\"x\",\"status\":401}"));
        assertTrue(e.getMessage().contains("status 401 is not documented"), e.getMessage());
        assertThrows(AssertionError.class, () -> get("/api/v1/organisations/acme", 200, "text/plain", "acme"));
        assertThrows(AssertionError.class, () -> get("/api/v1/other", 200, "application/json", "{}"));
    }

    @Test
    void checksTheRequestOnlyWhenTheServerAcceptedIt() {
        assertDoesNotThrow(() -> patch("{\"legalEntityId\":null}", 200, "{\"slug\":\"acme\"}"));
        assertDoesNotThrow(() -> patch("{\"colour\":\"red\"}", 400, "{\"type\":\"x\",\"status\":400}"));
        AssertionError e = assertThrows(AssertionError.class, () -> patch("{\"colour\":\"red\"}", 200, "{\"slug\":\"acme\"}"));
        assertTrue(e.getMessage().contains("request body"), e.getMessage());
        assertThrows(AssertionError.class, () -> contract.check("GET", SERVER.resolve("/api/v1/organisations/acme?x=1"),
                null, null, Map.of(), 200, "application/json", "{\"slug\":\"acme\"}"));
    }
}
