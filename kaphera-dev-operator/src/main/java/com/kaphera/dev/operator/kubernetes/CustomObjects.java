package com.kaphera.dev.operator.kubernetes;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import okhttp3.Call;

/** Reads one custom resource and writes its status subresource, as JSON. */
public final class CustomObjects {

  private final ApiClient client;

  public CustomObjects(ApiClient client) {
    this.client = client;
  }

  /** @return the object, or null when it does not exist (any more) */
  public JsonObject get(ResourceKind kind, String namespace, String name) throws ApiException {
    CustomObjectsApi api = new CustomObjectsApi(client);
    Call call = kind.namespaced()
        ? api.getNamespacedCustomObject(kind.group(), kind.version(), namespace, kind.plural(), name).buildCall(null)
        : api.getClusterCustomObject(kind.group(), kind.version(), kind.plural(), name).buildCall(null);
    try {
      return client.<JsonObject>execute(call, JsonObject.class).getData();
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  /**
   * PUT on the status subresource: only {@code status} changes, and only if the object still has
   * the {@code metadata.resourceVersion} it carries (409 otherwise).
   *
   * @return the object as stored
   */
  public JsonObject replaceStatus(ResourceKind kind, JsonObject object) throws ApiException {
    JsonObject metadata = object.getAsJsonObject("metadata");
    String name = metadata.get("name").getAsString();
    CustomObjectsApi api = new CustomObjectsApi(client);
    Call call = kind.namespaced()
        ? api.replaceNamespacedCustomObjectStatus(kind.group(), kind.version(), metadata.get("namespace").getAsString(),
            kind.plural(), name, object).buildCall(null)
        : api.replaceClusterCustomObjectStatus(kind.group(), kind.version(), kind.plural(), name, object)
            .buildCall(null);
    return client.<JsonObject>execute(call, JsonObject.class).getData();
  }
}
