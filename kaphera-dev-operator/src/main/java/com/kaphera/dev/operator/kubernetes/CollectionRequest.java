package com.kaphera.dev.operator.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Call;

/** Builds one list (a page) or one watch of a whole collection, across all namespaces. */
@FunctionalInterface
public interface CollectionRequest {

  int PAGE_SIZE = 500;

  /**
   * How long the API server keeps one watch open before ending it (it is then resumed from where it
   * ended): 4-5 minutes, spread so that the watches do not all reconnect at once, and shorter than
   * {@link KubernetesClients#WATCH_SILENCE} so that only a dead connection trips that.
   */
  private static Integer watchSeconds() {
    return 240 + ThreadLocalRandom.current().nextInt(50);
  }

  /** A list page from {@code continueToken}, or (watch) the changes after {@code resourceVersion}. */
  Call build(ApiClient client, String resourceVersion, String continueToken, boolean watch) throws ApiException;

  static CollectionRequest definitions() {
    return (client, resourceVersion, continueToken, watch) -> new ApiextensionsV1Api(client)
        .listCustomResourceDefinition()
        .resourceVersion(resourceVersion)
        ._continue(continueToken)
        .limit(watch ? null : PAGE_SIZE)
        .allowWatchBookmarks(watch ? Boolean.TRUE : null)
        .timeoutSeconds(watch ? watchSeconds() : null)
        .watch(watch)
        .buildCall(null);
  }

  /** /apis/GROUP/VERSION/PLURAL: every namespace for a namespaced kind, or the cluster-scoped objects. */
  static CollectionRequest objects(ResourceKind kind) {
    return (client, resourceVersion, continueToken, watch) -> new CustomObjectsApi(client)
        .listCustomObjectForAllNamespaces(kind.group(), kind.version(), kind.plural())
        .resourceVersion(resourceVersion)
        ._continue(continueToken)
        .limit(watch ? null : PAGE_SIZE)
        .allowWatchBookmarks(watch ? Boolean.TRUE : null)
        .timeoutSeconds(watch ? watchSeconds() : null)
        .watch(watch)
        .buildCall(null);
  }
}
