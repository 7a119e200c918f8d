package com.kaphera.cloud.web.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * The one filter of the OpenAPI document ({@code mp.openapi.filter}): first the edition's paths
 * ({@link EditionOpenApiFilter}), then the answers that do not depend on the operation, written once
 * instead of on every operation, and the problem schema on every problem answer. An operation's own
 * annotation for a status always wins; this only fills in what the server can answer anyway:
 * <ul>
 * <li>every operation: 406 (Accept it cannot produce) and 500 (a defect);</li>
 * <li>every operation that needs a token: 401 and 503 (database or Kubernetes API unavailable);</li>
 * <li>every operation with a request body: 400 (malformed or invalid), 413 (too large) and 415
 * (another Content-Type);</li>
 * <li>every operation with a {@code limit} or {@code continue} query parameter: 400;</li>
 * <li>every {@code application/problem+json} content without a schema gets
 * {@code #/components/schemas/Problem} (META-INF/openapi.yaml);</li>
 * <li>a path template variable that an operation does not declare becomes a required path
 * parameter ({@code #/components/parameters/NAME} when that exists): the scanner does not connect a
 * variable of a resource's class-level {@code @Path} to the {@code @PathParam} of an interface
 * method ({@code {org}} of the custom-resource operations).</li>
 * </ul>
 */
public class ApiContractFilter implements OASFilter {
    static final String PROBLEM_MEDIA_TYPE = "application/problem+json";
    static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";
    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}/]+)}");

    private final EditionOpenApiFilter edition = new EditionOpenApiFilter();

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        edition.filterOpenAPI(openAPI);
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        boolean securedByDefault = openAPI.getSecurity() != null && !openAPI.getSecurity().isEmpty();
        Map<String, Parameter> shared = openAPI.getComponents() == null || openAPI.getComponents().getParameters() == null
                ? Map.of() : openAPI.getComponents().getParameters();
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            for (Operation operation : path.getValue().getOperations().values()) {
                declarePathVariables(path.getKey(), operation, shared.keySet());
                addCommonAnswers(operation, securedByDefault);
                problemSchemaOnProblemAnswers(operation.getResponses());
            }
        }
    }

    private static void declarePathVariables(String path, Operation operation, Set<String> shared) {
        Matcher variable = PATH_VARIABLE.matcher(path);
        while (variable.find()) {
            String name = variable.group(1);
            boolean declared = operation.getParameters() != null && operation.getParameters().stream()
                    .anyMatch(p -> name.equals(p.getName()) && p.getIn() == Parameter.In.PATH
                            || ("#/components/parameters/" + name).equals(p.getRef()));
            if (declared) {
                continue;
            }
            Parameter parameter = shared.contains(name) ? OASFactory.createParameter().ref(name)
                    : OASFactory.createParameter().name(name).in(Parameter.In.PATH).required(true)
                            .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
            List<Parameter> parameters = new ArrayList<>();
            parameters.add(parameter);
            if (operation.getParameters() != null) {
                parameters.addAll(operation.getParameters());
            }
            operation.setParameters(parameters);
        }
    }

    private static void addCommonAnswers(Operation operation, boolean securedByDefault) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        boolean secured = operation.getSecurity() == null ? securedByDefault : !operation.getSecurity().isEmpty();
        boolean paged = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> "limit".equals(p.getName()) || "continue".equals(p.getName()));
        if (operation.getRequestBody() != null || paged) {
            addIfAbsent(responses, "400", "BadRequest");
        }
        if (secured) {
            addIfAbsent(responses, "401", "Unauthenticated");
        }
        addIfAbsent(responses, "406", "NotAcceptable");
        if (operation.getRequestBody() != null) {
            addIfAbsent(responses, "413", "PayloadTooLarge");
            addIfAbsent(responses, "415", "UnsupportedMediaType");
        }
        addIfAbsent(responses, "500", "InternalError");
        if (secured) {
            addIfAbsent(responses, "503", "Unavailable");
        }
    }

    private static void addIfAbsent(APIResponses responses, String status, String component) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(component));
        }
    }

    private static void problemSchemaOnProblemAnswers(APIResponses responses) {
        for (Map.Entry<String, APIResponse> answer : responses.getAPIResponses().entrySet()) {
            APIResponse response = answer.getValue();
            if (response.getRef() != null || response.getContent() == null
                    || response.getContent().getMediaTypes() == null) {
                continue;
            }
            MediaType problem = response.getContent().getMediaType(PROBLEM_MEDIA_TYPE);
            if (problem != null && problem.getSchema() == null) {
                problem.setSchema(OASFactory.createSchema().ref(PROBLEM_SCHEMA));
            }
        }
    }
}
