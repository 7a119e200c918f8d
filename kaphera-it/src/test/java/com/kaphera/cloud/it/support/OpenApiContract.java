package com.kaphera.cloud.it.support;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API description is a contract: every exchange a test makes through {@link Http} is checked
 * against the {@code /openapi} document of the server that answered (fetched once per base URI; the
 * byoc and managed editions publish different documents). A mismatch fails the test.
 * <ul>
 * <li>The response is always checked: its status must be documented for the operation, its
 * Content-Type must be one the document lists for that status, and a JSON body must match the
 * schema (JSON Schema 2020-12 with the OpenAPI 3.1 dialect, as the document declares).</li>
 * <li>The request is checked only when the server accepted it (2xx): the tests send bad input on
 * purpose, but whatever the server accepts, the document must accept too (body against the request
 * schema, Content-Type, required parameters present, no undocumented query parameter).</li>
 * <li>An undocumented path or method is fine only when the server answered 404 or 405.</li>
 * <li>Paths outside the API ({@code /health}, {@code /metrics}, {@code /openapi}, {@code /ibm/})
 * are not checked.</li>
 * </ul>
 * Header and query parameter values are not checked against their schemas (all are strings here).
 */
public final class OpenApiContract {
    private static final Map<URI, OpenApiContract> BY_SERVER = new ConcurrentHashMap<>();
    private static final AtomicInteger RESPONSES = new AtomicInteger();
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static final AtomicInteger OUTSIDE = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> OUTSIDE_THE_API = List.of("/health", "/metrics", "/openapi", "/ibm/");
    private static final String DOCUMENT = "https://kaphera.invalid/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.printf(
                "OpenAPI contract: %d responses and %d accepted requests checked against the servers' /openapi "
                        + "(%d exchanges outside the API not checked)%n",
                RESPONSES.get(), REQUESTS.get(), OUTSIDE.get()), "openapi-contract-summary"));
    }

    private final URI server;
    private final JsonNode document;
    private final List<PathTemplate> paths;
    private final SchemaRegistry schemas;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private record PathTemplate(String template, Pattern pattern, int literalLength) {
        static PathTemplate of(String template) {
            StringBuilder regex = new StringBuilder("^");
            int literal = 0;
            for (String part : template.split("(?=\\{)|(?<=})")) {
                if (part.startsWith("{") && part.endsWith("}")) {
                    regex.append("[^/]+");
                } else {
                    regex.append(Pattern.quote(part));
                    literal += part.length();
                }
            }
            return new PathTemplate(template, Pattern.compile(regex.append("$").toString()), literal);
        }
    }

    private OpenApiContract(URI server, String documentText) {
        this.server = server;
        this.document = JSON.readTree(documentText);
        List<PathTemplate> templates = new ArrayList<>();
        JsonNode documented = document.path("paths");
        for (String template : documented.propertyNames()) {
            templates.add(PathTemplate.of(template));
        }
        // The most specific template first: /resource-types before /resource-types/{type} never
        // competes, but a literal segment must beat a variable one where both match.
        templates.sort(Comparator.comparingInt(PathTemplate::literalLength).reversed());
        this.paths = List.copyOf(templates);
        this.schemas = SchemaRegistry.withDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(DOCUMENT, documentText)));
    }

    /** The contract of the server at {@code base}: its own /openapi, fetched on first use. */
    public static OpenApiContract of(URI base) {
        OpenApiContract known = BY_SERVER.get(base);
        if (known != null) {
            return known;
        }
        OpenApiContract fetched = fetch(base);
        if (fetched.document.path("paths").isEmpty()) {
            return fetched; // not cached: the application may still be starting
        }
        BY_SERVER.putIfAbsent(base, fetched);
        return BY_SERVER.get(base);
    }

    /** A contract from a document at hand (OpenApiContractTest). */
    static OpenApiContract fromDocument(URI server, String document) {
        return new OpenApiContract(server, document);
    }

    private static OpenApiContract fetch(URI base) {
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(base.resolve("/openapi")).header("Accept", "application/json")
                            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                // No document (the application did not start): every path is undocumented.
                return new OpenApiContract(base, "{\"openapi\":\"3.1.0\",\"paths\":{}}");
            }
            return new OpenApiContract(base, r.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot fetch " + base.resolve("/openapi") + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether a request path is part of the API the document describes. */
    static boolean inApi(String path) {
        return OUTSIDE_THE_API.stream().noneMatch(path::startsWith);
    }

    /**
     * Checks one exchange; throws an {@link AssertionError} naming the operation, the status and the
     * validator's messages on a mismatch. {@code responseBody} null means it was not read (a stream).
     */
    public void check(String method, URI uri, String requestContentType, String requestBody,
            Map<String, List<String>> requestHeaders, int status, String responseContentType, String responseBody) {
        String path = uri.getRawPath();
        if (!inApi(path)) {
            OUTSIDE.incrementAndGet();
            return;
        }
        String exchange = method + " " + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + " -> " + status;
        String verb = method.toLowerCase(Locale.ROOT);
        PathTemplate template = paths.stream().filter(t -> t.pattern().matcher(path).matches()).findFirst().orElse(null);
        JsonNode operation = template == null ? null : document.path("paths").path(template.template()).path(verb);
        if (operation == null || operation.isMissingNode() || !METHODS.contains(verb)) {
            RESPONSES.incrementAndGet();
            if (status != 404 && status != 405) {
                throw violation(exchange, null, List.of(template == null
                        ? "path not in the document, yet the server did not answer 404"
                        : method + " not documented for " + template.template() + ", yet the server did not answer 405"));
            }
            return;
        }
        String operationPointer = "/paths/" + escape(template.template()) + "/" + verb;
        String operationId = operation.path("operationId").asString(method + " " + template.template());
        List<String> problems = new ArrayList<>(checkResponse(operation, operationPointer, status,
                responseContentType, responseBody));
        RESPONSES.incrementAndGet();
        if (status >= 200 && status < 300) {
            problems.addAll(checkRequest(operation, operationPointer, document.path("paths").path(template.template()),
                    uri, requestContentType, requestBody, requestHeaders));
            REQUESTS.incrementAndGet();
        }
        if (!problems.isEmpty()) {
            throw violation(exchange, operationId, problems);
        }
    }

    private List<String> checkResponse(JsonNode operation, String operationPointer, int status, String contentType,
            String body) {
        JsonNode responses = operation.path("responses");
        String key = Integer.toString(status);
        if (!responses.has(key)) {
            key = status / 100 + "XX";
        }
        if (!responses.has(key)) {
            key = "default";
        }
        if (!responses.has(key)) {
            return List.of("status " + status + " is not documented; documented: " + responses.propertyNames());
        }
        String pointer = operationPointer + "/responses/" + key;
        JsonNode response = responses.path(key);
        if (response.has("$ref")) {
            pointer = response.path("$ref").asString().substring(1);
            response = document.at(pointer);
        }
        JsonNode content = response.path("content");
        boolean hasBody = body != null && !body.isEmpty();
        if (content.isMissingNode() || content.isEmpty()) {
            return hasBody ? List.of("a body was sent (" + contentType + "), the document declares none for "
                    + status) : List.of();
        }
        if (body != null && !hasBody) {
            return List.of("no body, the document declares " + content.propertyNames() + " for " + status);
        }
        String mediaType = matchingMediaType(content, contentType);
        if (mediaType == null) {
            return List.of("Content-Type " + contentType + " is not documented for " + status + "; documented: "
                    + content.propertyNames());
        }
        return hasBody ? validate(pointer + "/content/" + escape(mediaType), content.path(mediaType), mediaType, body,
                "response body") : List.of();
    }

    private List<String> checkRequest(JsonNode operation, String operationPointer, JsonNode pathItem, URI uri,
            String contentType, String body, Map<String, List<String>> headers) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> parameters = new ArrayList<>();
        for (JsonNode p : pathItem.path("parameters")) {
            parameters.add(resolve(p));
        }
        for (JsonNode p : operation.path("parameters")) {
            parameters.add(resolve(p));
        }
        Set<String> query = queryNames(uri.getRawQuery());
        for (String name : query) {
            boolean documented = parameters.stream()
                    .anyMatch(p -> "query".equals(p.path("in").asString()) && name.equals(p.path("name").asString()));
            if (!documented) {
                problems.add("query parameter '" + name + "' was accepted but is not documented");
            }
        }
        for (JsonNode p : parameters) {
            if (!p.path("required").asBoolean(false)) {
                continue;
            }
            String name = p.path("name").asString();
            boolean present = switch (p.path("in").asString()) {
                case "query" -> query.contains(name);
                case "header" -> headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase(name));
                default -> true; // path parameters matched the template
            };
            if (!present) {
                problems.add("required " + p.path("in").asString() + " parameter '" + name + "' missing");
            }
        }
        JsonNode requestBody = resolve(operation.path("requestBody"));
        boolean hasBody = body != null && !body.isEmpty();
        if (requestBody.isMissingNode()) {
            if (hasBody) {
                problems.add("a request body was accepted, the document declares none");
            }
            return problems;
        }
        if (!hasBody) {
            if (requestBody.path("required").asBoolean(false)) {
                problems.add("no request body was sent, the document requires one");
            }
            return problems;
        }
        JsonNode content = requestBody.path("content");
        String mediaType = matchingMediaType(content, contentType);
        if (mediaType == null) {
            problems.add("request Content-Type " + contentType + " was accepted but is not documented; documented: "
                    + content.propertyNames());
            return problems;
        }
        String pointer = operation.path("requestBody").has("$ref")
                ? operation.path("requestBody").path("$ref").asString().substring(1)
                : operationPointer + "/requestBody";
        problems.addAll(validate(pointer + "/content/" + escape(mediaType), content.path(mediaType), mediaType, body,
                "request body"));
        return problems;
    }

    private List<String> validate(String mediaTypePointer, JsonNode mediaType, String name, String body, String what) {
        if (!mediaType.has("schema") || !isJson(name)) {
            return List.of();
        }
        Schema schema = compiled.computeIfAbsent(mediaTypePointer,
                p -> schemas.getSchema(SchemaLocation.of(DOCUMENT + "#" + p + "/schema")));
        List<Error> errors;
        try {
            errors = schema.validate(body, InputFormat.JSON);
        } catch (RuntimeException e) {
            return List.of(what + " is not JSON: " + e.getMessage());
        }
        return errors.stream().map(e -> what + " at " + e.toString()).toList();
    }

    private JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? document.at(node.path("$ref").asString().substring(1)) : node;
    }

    private static String matchingMediaType(JsonNode content, String contentType) {
        if (contentType == null) {
            return null;
        }
        String actual = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        for (String documented : content.propertyNames()) {
            String d = documented.toLowerCase(Locale.ROOT);
            if (d.equals(actual) || d.equals("*/*")
                    || d.endsWith("/*") && actual.startsWith(d.substring(0, d.length() - 1))) {
                return documented;
            }
        }
        return null;
    }

    private static boolean isJson(String mediaType) {
        String m = mediaType.toLowerCase(Locale.ROOT);
        return m.equals("application/json") || m.endsWith("+json");
    }

    private static Set<String> queryNames(String rawQuery) {
        Set<String> names = new TreeSet<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return names;
        }
        for (String pair : rawQuery.split("&")) {
            if (!pair.isEmpty()) {
                names.add(java.net.URLDecoder.decode(pair.split("=", 2)[0], java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return names;
    }

    /** A JSON pointer segment (RFC 6901). */
    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    private AssertionError violation(String exchange, String operationId, List<String> problems) {
        return new AssertionError("OpenAPI contract of " + server + " violated by " + exchange
                + (operationId == null ? "" : " (" + operationId + ")") + ":\n  - " + String.join("\n  - ", problems));
    }
}
