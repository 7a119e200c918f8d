package com.kaphera.cloud.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.Stack;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The documents both editions publish load in a strict parser and are complete: every operation has
 * a stable camelCase operationId and a tag, every answer with a body has a schema, and every problem
 * answer is the one Problem schema as application/problem+json. (That the servers' answers match the
 * documents is checked on every exchange of every test: support/OpenApiContract.)
 */
class OpenApiDocumentIT {
    private static final Pattern CAMEL_CASE = Pattern.compile("[a-z][a-zA-Z0-9]*");
    private static final String PROBLEM = "#/components/schemas/Problem";

    @Test
    void managedDocumentLoadsStrictlyAndIsComplete() {
        assertComplete(Stack.get().managed().baseUri());
    }

    @Test
    void byocDocumentLoadsStrictlyAndIsComplete() {
        assertComplete(Stack.get().byoc().baseUri());
    }

    private static void assertComplete(URI server) {
        Http.Response doc = new Http(server).get("/openapi", "Accept", "application/json");
        assertEquals(200, doc.status(), doc.body());
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(doc.body(), null, options);
        assertTrue(parsed.getMessages() == null || parsed.getMessages().isEmpty(),
                "the document does not load strictly: " + parsed.getMessages());
        OpenAPI api = parsed.getOpenAPI();
        List<String> defects = new ArrayList<>();
        Set<String> operationIds = new HashSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String name = method + " " + path;
            String id = operation.getOperationId();
            if (id == null || !CAMEL_CASE.matcher(id).matches() || !operationIds.add(id)) {
                defects.add(name + ": operationId missing, not camelCase or not unique: " + id);
            }
            if (operation.getTags() == null || operation.getTags().isEmpty()) {
                defects.add(name + ": no tag");
            }
            answers(api, operation).forEach((status, response) -> defects.addAll(answerDefects(name, status, response)));
        }));
        assertTrue(defects.isEmpty(), "incomplete API description of " + server + ":\n" + String.join("\n", defects));
    }

    private static Map<String, ApiResponse> answers(OpenAPI api, Operation operation) {
        Map<String, ApiResponse> answers = new java.util.TreeMap<>();
        operation.getResponses().forEach((status, response) -> answers.put(status, response.get$ref() == null ? response
                : api.getComponents().getResponses().get(response.get$ref().substring(response.get$ref().lastIndexOf('/') + 1))));
        return answers;
    }

    private static List<String> answerDefects(String operation, String status, ApiResponse response) {
        List<String> defects = new ArrayList<>();
        if (response == null) {
            return List.of(operation + " " + status + ": refers to a response that does not exist");
        }
        boolean bodiless = status.equals("204") || status.equals("304");
        if (response.getContent() == null || response.getContent().isEmpty()) {
            if (!bodiless) {
                defects.add(operation + " " + status + ": no content declared");
            }
            return defects;
        }
        for (Map.Entry<String, MediaType> content : response.getContent().entrySet()) {
            if (content.getValue().getSchema() == null) {
                defects.add(operation + " " + status + " " + content.getKey() + ": no schema");
            }
        }
        if (status.startsWith("4") || status.startsWith("5")) {
            MediaType problem = response.getContent().get("application/problem+json");
            if (problem == null || problem.getSchema() == null || !PROBLEM.equals(problem.getSchema().get$ref())
                    || response.getContent().size() != 1) {
                defects.add(operation + " " + status + ": not application/problem+json with " + PROBLEM);
            }
        }
        return defects;
    }
}
