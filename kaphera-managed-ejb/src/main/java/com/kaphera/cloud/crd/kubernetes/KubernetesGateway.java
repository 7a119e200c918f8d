package com.kaphera.cloud.crd.kubernetes;

import com.google.gson.JsonElement;
import com.google.gson.reflect.TypeToken;
import com.kaphera.cloud.common.DomainException;
import com.kaphera.cloud.common.UnavailableException;
import com.kaphera.cloud.crd.ResourceList;
import com.kaphera.cloud.crd.ResourceQuery;
import com.kaphera.cloud.crd.ResourceType;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.util.Watch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Call;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The only class that talks to the Kubernetes API, through the official client's dynamic API.
 * Every call is guarded by MicroProfile Fault Tolerance (class level, so every method has the same
 * policies and its own breaker): a timeout, a bulkhead so a slow API server cannot take every
 * request thread, a circuit breaker that turns a dead API server into fast 503s, and, for
 * idempotent reads only, a short retry. Tunable through MP Config, e.g.
 * {@code com.kaphera.cloud.crd.kubernetes.KubernetesGateway/Timeout/value} or
 * {@code com.kaphera.cloud.crd.kubernetes.KubernetesGateway/get/Retry/maxRetries}. Domain outcomes
 * (404, 409, 422) are answers, not failures: they never open the breaker, and neither do our own
 * bulkhead's rejections nor the API server's throttling (429): only an API server that fails or does
 * not answer does. Each caller's and organisation's share is bounded before this (CallLimits). Opening a watch is
 * guarded too; the open watch itself is not (it is meant to last).
 */
@ApplicationScoped
@Timeout(value = 8, unit = ChronoUnit.SECONDS)
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2,
        skipOn = {DomainException.class, BulkheadException.class, KubernetesThrottledException.class})
@Bulkhead(64)
public class KubernetesGateway {
    private static final String CRD_GROUP = "apiextensions.k8s.io";
    private static final String JSON = "application/json";
    /** client-java's name for the bearer-token authentication its ClientBuilder configures. */
    private static final String[] AUTH = {"BearerToken"};
    private static final Type WATCH_EVENT = TypeToken.getParameterized(Watch.Response.class,
            com.google.gson.JsonObject.class).getType();

    @Inject
    KubernetesConnection connection;

    @Retry(maxRetries = 2, delay = 150, jitter = 100, maxDuration = 4000, retryOn = {UnavailableException.class,
            TimeoutException.class}, abortOn = DomainException.class)
    public JsonObject get(ResourceType type, String namespace, String name) {
        return send(new Request("GET", objectPath(type, namespace, name), List.of(), null), "read", type.kind(),
                name, namespace);
    }

    @Retry(maxRetries = 2, delay = 150, jitter = 100, maxDuration = 4000, retryOn = {UnavailableException.class,
            TimeoutException.class}, abortOn = DomainException.class)
    public ResourceList list(ResourceType type, String namespace, ResourceQuery query) {
        List<Pair> params = new ArrayList<>();
        addParam(params, "labelSelector", query.labelSelector());
        addParam(params, "fieldSelector", query.fieldSelector());
        addParam(params, "limit", query.limit() == null ? null : query.limit().toString());
        addParam(params, "continue", query.continueToken());
        return asList(send(new Request("GET", collectionPath(type, namespace), params, null), "list", type.kind(),
                null, namespace));
    }

    public JsonObject create(ResourceType type, String namespace, JsonObject object) {
        return send(new Request("POST", collectionPath(type, namespace), List.of(), object), "create", type.kind(),
                nameOf(object), namespace);
    }

    /** Replaces the object; its {@code metadata.resourceVersion} makes the write conditional. */
    public JsonObject replace(ResourceType type, String namespace, JsonObject object) {
        String name = nameOf(object);
        return send(new Request("PUT", objectPath(type, namespace, name), List.of(), object), "update", type.kind(),
                name, namespace);
    }

    /** Deletes the object, only if it still has {@code resourceVersion} when that is given. */
    public JsonObject delete(ResourceType type, String namespace, String name, String resourceVersion,
            String propagationPolicy) {
        var options = Json.createObjectBuilder().add("apiVersion", "v1").add("kind", "DeleteOptions");
        if (resourceVersion != null) {
            options.add("preconditions", Json.createObjectBuilder().add("resourceVersion", resourceVersion));
        }
        if (propagationPolicy != null) {
            options.add("propagationPolicy", propagationPolicy);
        }
        JsonObject left = send(new Request("DELETE", objectPath(type, namespace, name), List.of(), options.build()),
                "delete", type.kind(), name, namespace);
        // A Status means deleted, nothing left to show; the object means finalizers still run.
        return "Status".equals(left.getString("kind", "")) ? null : left;
    }

    /**
     * Writes a Secret (created, or replaced whole when it exists), e.g. a connector's API key for its
     * operator. The server may create, replace and delete Secrets in organisation namespaces but never
     * read them (deploy/kubernetes/rbac.yaml): what it writes it does not need to read back.
     */
    public void putSecret(String namespace, String name, Map<String, String> labels, Map<String, String> values) {
        var metadata = Json.createObjectBuilder().add("name", name).add("namespace", namespace);
        var labelObject = Json.createObjectBuilder();
        labels.forEach(labelObject::add);
        metadata.add("labels", labelObject);
        var data = Json.createObjectBuilder();
        values.forEach(data::add);
        JsonObject secret = Json.createObjectBuilder().add("apiVersion", "v1").add("kind", "Secret")
                .add("metadata", metadata).add("type", "Opaque").add("stringData", data).build();
        String collection = "/api/v1/namespaces/" + namespace + "/secrets";
        try {
            send(new Request("POST", collection, List.of(), secret), "create", "Secret", name, namespace);
        } catch (com.kaphera.cloud.common.ConflictException exists) {
            send(new Request("PUT", collection + "/" + name, List.of(), secret), "update", "Secret", name, namespace);
        }
    }

    /** Deletes a Secret; one that is gone already is fine. */
    public void deleteSecret(String namespace, String name) {
        try {
            send(new Request("DELETE", "/api/v1/namespaces/" + namespace + "/secrets/" + name, List.of(), null),
                    "delete", "Secret", name, namespace);
        } catch (com.kaphera.cloud.common.NotFoundException gone) {
            // nothing to delete
        }
    }

    /** Every CustomResourceDefinition in the cluster, as the API server returns them. */
    @Retry(maxRetries = 2, delay = 150, jitter = 100, maxDuration = 4000, retryOn = {UnavailableException.class,
            TimeoutException.class}, abortOn = DomainException.class)
    public ResourceList definitions() {
        return asList(send(new Request("GET", "/apis/" + CRD_GROUP + "/v1/customresourcedefinitions", List.of(), null),
                "list", "CustomResourceDefinition", null, null));
    }

    /** The API server's version, or a failure; used by readiness (its own short timeout, no retry). */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    public String serverVersion() {
        ApiClient client = connection.requests();
        try {
            return new VersionApi(client).getCode().execute().getGitVersion();
        } catch (ApiException e) {
            throw failure(client, e, "read", "version", null);
        }
    }

    /**
     * Opens a watch of one kind in one namespace from {@code resourceVersion} (null: current state
     * as ADDED events first). Only the opening is guarded; the returned stream is meant to stay open,
     * and {@link com.kaphera.cloud.crd.watch.ResourceWatches} bounds how many exist.
     */
    public Watch<com.google.gson.JsonObject> openWatch(ResourceType type, String namespace, ResourceQuery query,
            String resourceVersion) {
        int timeoutSeconds = connection.watchSeconds();
        return watch(client -> new CustomObjectsApi(client)
                .listNamespacedCustomObject(type.group(), type.version(), namespace, type.plural())
                .labelSelector(query.labelSelector())
                .fieldSelector(query.fieldSelector())
                .resourceVersion(resourceVersion)
                .allowWatchBookmarks(true)
                .timeoutSeconds(timeoutSeconds)
                .watch(true)
                .buildCall(null), type.kind(), namespace);
    }

    /** Opens a watch of all CustomResourceDefinitions from {@code resourceVersion}. */
    public Watch<com.google.gson.JsonObject> openDefinitionWatch(String resourceVersion) {
        int timeoutSeconds = connection.watchSeconds();
        return watch(client -> new io.kubernetes.client.openapi.apis.ApiextensionsV1Api(client)
                .listCustomResourceDefinition()
                .resourceVersion(resourceVersion)
                .allowWatchBookmarks(true)
                .timeoutSeconds(timeoutSeconds)
                .watch(true)
                .buildCall(null), "CustomResourceDefinition", null);
    }

    /** A watch call as client-java builds it (its builders throw ApiException). */
    private interface WatchCall {
        Call build(ApiClient client) throws ApiException;
    }

    private Watch<com.google.gson.JsonObject> watch(WatchCall request, String kind, String namespace) {
        ApiClient client = connection.watches();
        try {
            return Watch.createWatch(client, request.build(client), WATCH_EVENT);
        } catch (ApiException e) {
            throw failure(client, e, "watch", kind, namespace);
        }
    }

    /** An ApiException from a raw client-java call, mapped like the dynamic API's answers. */
    private static RuntimeException failure(ApiClient client, ApiException e, String verb, String kind,
            String namespace) {
        if (e.getCode() == 0 || KubernetesAnswers.isIoFailure(e)) {
            return KubernetesAnswers.unreachable(e);
        }
        V1Status status = null;
        try {
            status = client.getJSON().deserialize(e.getResponseBody(), V1Status.class);
        } catch (RuntimeException notAStatus) {
            // the body is not a Status; the code alone decides
        }
        return KubernetesAnswers.failure(e.getCode(), status, verb, kind, null, namespace);
    }

    public static JsonObject toJsonP(JsonElement gson) {
        try (var reader = Json.createReader(new StringReader(gson.toString()))) {
            return reader.readObject();
        }
    }

    /** One request to the API server: method, path below the API root, query, JSON body (or null). */
    private record Request(String method, String path, List<Pair> query, JsonObject body) {
    }

    /**
     * Sends a request with client-java's connection, credentials and TLS set-up, and reads a
     * successful answer once, straight into JSON-P (the generated and dynamic APIs parse it with Gson
     * first, which cost a second parse and a re-serialisation per object). An error answer is read
     * as the API server's Status and mapped by {@link KubernetesAnswers}; I/O failures mean unavailable.
     */
    private JsonObject send(Request request, String verb, String kind, String name, String namespace) {
        ApiClient client = connection.requests();
        Call call;
        try {
            byte[] body = request.body() == null ? null : request.body().toString().getBytes(StandardCharsets.UTF_8);
            // Mutable collections: client-java's authentications add their header or parameter to them.
            Map<String, String> headers = new HashMap<>(Map.of("Accept", JSON));
            if (body != null) {
                headers.put("Content-Type", JSON);
            }
            call = client.buildCall(null, request.path(), request.method(), new ArrayList<>(request.query()),
                    new ArrayList<>(), body, headers, new HashMap<>(), new HashMap<>(), AUTH, null);
        } catch (ApiException e) {
            throw new IllegalStateException("Cannot build the Kubernetes request " + request.method() + " "
                    + request.path(), e);
        }
        try (Response response = call.execute()) {
            ResponseBody body = response.body();
            if (response.isSuccessful() && body != null) {
                try (JsonReader reader = Json.createReader(body.charStream())) {
                    return reader.readObject();
                } catch (JsonException e) {
                    throw KubernetesAnswers.unreachable(e); // a truncated or garbled answer: as if it never came
                }
            }
            V1Status status = null;
            String text = body == null ? "" : body.string();
            try {
                status = client.getJSON().deserialize(text, V1Status.class);
            } catch (RuntimeException notAStatus) {
                // the body is not a Status (e.g. a proxy's page): the code alone decides
            }
            throw KubernetesAnswers.failure(response.code(), status, verb, kind, name, namespace);
        } catch (IOException e) {
            throw KubernetesAnswers.unreachable(e);
        }
    }

    private static ResourceList asList(JsonObject list) {
        List<JsonObject> items = list.get("items") instanceof JsonArray array
                ? array.getValuesAs(JsonObject.class) : List.of();
        JsonObject metadata = list.getJsonObject("metadata");
        String next = metadata == null ? null : metadata.getString("continue", null);
        String version = metadata == null ? null : metadata.getString("resourceVersion", null);
        return new ResourceList(items, next == null || next.isEmpty() ? null : next, version);
    }

    private static void addParam(List<Pair> params, String name, String value) {
        if (value != null) {
            params.add(new Pair(name, value));
        }
    }

    private static String collectionPath(ResourceType type, String namespace) {
        return "/apis/" + type.group() + "/" + type.version() + "/namespaces/" + namespace + "/" + type.plural();
    }

    private static String objectPath(ResourceType type, String namespace, String name) {
        return collectionPath(type, namespace) + "/" + name;
    }

    private static String nameOf(JsonObject object) {
        JsonObject metadata = object.getJsonObject("metadata");
        return metadata == null ? null : metadata.getString("name", null);
    }
}
