package com.kaphera.cloud.crd.kubernetes;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import com.kaphera.cloud.common.DomainException;
import com.kaphera.cloud.common.UnavailableException;
import com.kaphera.cloud.crd.ResourceList;
import com.kaphera.cloud.crd.ResourceQuery;
import com.kaphera.cloud.crd.ResourceType;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.openapi.models.V1Preconditions;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesListObject;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.CreateOptions;
import io.kubernetes.client.util.generic.options.DeleteOptions;
import io.kubernetes.client.util.generic.options.ListOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.lang.reflect.Type;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;
import okhttp3.Call;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The only class that talks to the Kubernetes API, through the official client's dynamic API.
 * Every call is guarded by MicroProfile Fault Tolerance (class level, so every method has the same
 * policies and its own breaker): a timeout, a bulkhead so a slow API server cannot take every
 * request thread, a circuit breaker that turns a dead API server into fast 503s, and, for
 * idempotent reads only, a short retry. Tunable through MP Config, e.g.
 * {@code com.kaphera.cloud.crd.kubernetes.KubernetesGateway/Timeout/value} or
 * {@code com.kaphera.cloud.crd.kubernetes.KubernetesGateway/get/Retry/maxRetries}. Domain outcomes
 * (404, 409, 422) are answers, not failures: they never open the breaker. Opening a watch is
 * guarded too; the open watch itself is not (it is meant to last).
 */
@ApplicationScoped
@Timeout(value = 8, unit = ChronoUnit.SECONDS)
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2,
        skipOn = DomainException.class)
@Bulkhead(64)
public class KubernetesGateway {
    private static final String CRD_GROUP = "apiextensions.k8s.io";
    private static final Type WATCH_EVENT = TypeToken.getParameterized(Watch.Response.class,
            com.google.gson.JsonObject.class).getType();

    @Inject
    KubernetesConnection connection;

    @Retry(maxRetries = 2, delay = 150, jitter = 100, maxDuration = 4000, retryOn = {UnavailableException.class,
            TimeoutException.class}, abortOn = DomainException.class)
    public JsonObject get(ResourceType type, String namespace, String name) {
        KubernetesApiResponse<DynamicKubernetesObject> answer =
                call(() -> api(type, connection.requests()).get(namespace, name));
        return objectOrThrow(answer, "read", type, name, namespace);
    }

    @Retry(maxRetries = 2, delay = 150, jitter = 100, maxDuration = 4000, retryOn = {UnavailableException.class,
            TimeoutException.class}, abortOn = DomainException.class)
    public ResourceList list(ResourceType type, String namespace, ResourceQuery query) {
        ListOptions options = new ListOptions()
                .labelSelector(query.labelSelector())
                .fieldSelector(query.fieldSelector())
                .limit(query.limit())
                ._continue(query.continueToken());
        return listOrThrow(call(() -> api(type, connection.requests()).list(namespace, options)), type.kind(),
                namespace);
    }

    public JsonObject create(ResourceType type, String namespace, JsonObject object) {
        DynamicKubernetesObject body = dynamic(object);
        KubernetesApiResponse<DynamicKubernetesObject> answer =
                call(() -> api(type, connection.requests()).create(namespace, body, new CreateOptions()));
        return objectOrThrow(answer, "create", type, object.getJsonObject("metadata").getString("name", null), namespace);
    }

    /** Replaces the object; its {@code metadata.resourceVersion} makes the write conditional. */
    public JsonObject replace(ResourceType type, String namespace, JsonObject object) {
        DynamicKubernetesObject body = dynamic(object);
        KubernetesApiResponse<DynamicKubernetesObject> answer =
                call(() -> api(type, connection.requests()).update(body));
        return objectOrThrow(answer, "update", type, object.getJsonObject("metadata").getString("name", null), namespace);
    }

    /** Deletes the object, only if it still has {@code resourceVersion} when that is given. */
    public JsonObject delete(ResourceType type, String namespace, String name, String resourceVersion,
            String propagationPolicy) {
        DeleteOptions options = new DeleteOptions();
        if (resourceVersion != null) {
            options.setPreconditions(new V1Preconditions().resourceVersion(resourceVersion));
        }
        options.setPropagationPolicy(propagationPolicy);
        KubernetesApiResponse<DynamicKubernetesObject> answer =
                call(() -> api(type, connection.requests()).delete(namespace, name, options));
        if (answer.isSuccess() && answer.getObject() == null) {
            return null; // the API server answered with a Status: deleted, nothing left to show
        }
        return objectOrThrow(answer, "delete", type, name, namespace);
    }

    /** Every CustomResourceDefinition in the cluster, as the API server returns them. */
    @Retry(maxRetries = 2, delay = 150, jitter = 100, maxDuration = 4000, retryOn = {UnavailableException.class,
            TimeoutException.class}, abortOn = DomainException.class)
    public ResourceList definitions() {
        return listOrThrow(call(() -> crds(connection.requests()).list()), "CustomResourceDefinition", null);
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
            String resourceVersion, int timeoutSeconds) {
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
    public Watch<com.google.gson.JsonObject> openDefinitionWatch(String resourceVersion, int timeoutSeconds) {
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

    private static ResourceList listOrThrow(KubernetesApiResponse<DynamicKubernetesListObject> answer, String kind,
            String namespace) {
        if (!answer.isSuccess()) {
            throw KubernetesAnswers.failure(answer.getHttpStatusCode(), answer.getStatus(), "list", kind, null, namespace);
        }
        DynamicKubernetesListObject list = answer.getObject();
        List<JsonObject> items = list.getItems() == null ? List.of()
                : list.getItems().stream().map(item -> toJsonP(item.getRaw())).toList();
        String next = list.getMetadata() == null ? null : list.getMetadata().getContinue();
        String version = list.getMetadata() == null ? null : list.getMetadata().getResourceVersion();
        return new ResourceList(items, next == null || next.isEmpty() ? null : next, version);
    }

    public static JsonObject toJsonP(JsonElement gson) {
        try (var reader = Json.createReader(new StringReader(gson.toString()))) {
            return reader.readObject();
        }
    }

    private static DynamicKubernetesObject dynamic(JsonObject object) {
        return new DynamicKubernetesObject(JsonParser.parseString(object.toString()).getAsJsonObject());
    }

    private static DynamicKubernetesApi api(ResourceType type, ApiClient client) {
        return new DynamicKubernetesApi(type.group(), type.version(), type.plural(), client);
    }

    private static DynamicKubernetesApi crds(ApiClient client) {
        return new DynamicKubernetesApi(CRD_GROUP, "v1", "customresourcedefinitions", client);
    }

    private static JsonObject objectOrThrow(KubernetesApiResponse<DynamicKubernetesObject> answer, String verb,
            ResourceType type, String name, String namespace) {
        if (answer.isSuccess() && answer.getObject() != null) {
            return toJsonP(answer.getObject().getRaw());
        }
        throw KubernetesAnswers.failure(answer.getHttpStatusCode(), answer.getStatus(), verb, type.kind(), name,
                namespace);
    }

    /**
     * Runs a client-java call, turning its I/O failures into {@link UnavailableException}, and so
     * an answer it could not read (e.g. an error without a body from a proxy in front of the API
     * server). Request bodies are converted before, so our own input never counts as an outage.
     */
    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (RuntimeException e) {
            if (KubernetesAnswers.isIoFailure(e) || e.getCause() instanceof ApiException) {
                throw KubernetesAnswers.unreachable(e);
            }
            throw e;
        }
    }
}
