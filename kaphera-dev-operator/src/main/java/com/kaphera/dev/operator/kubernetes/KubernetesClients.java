package com.kaphera.dev.operator.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The two clients one kubeconfig gives: one for requests (bounded timeouts) and one for watches,
 * whose read timeout is the longest a watch may stay silent before it is re-established (the API
 * server sends bookmarks, so a healthy idle watch still speaks now and then).
 */
public record KubernetesClients(ApiClient requests, ApiClient watches, String description) {

  public static final Duration WATCH_SILENCE = Duration.ofMinutes(5);

  public static KubernetesClients fromKubeconfig(Path file) throws IOException {
    KubeConfig config;
    try (Reader reader = Files.newBufferedReader(file)) {
      config = KubeConfig.loadKubeConfig(reader);
    }
    config.setFile(file.toFile()); // relative certificate paths are relative to the file
    ApiClient requests = ClientBuilder.kubeconfig(config).build();
    requests.setHttpClient(requests.getHttpClient().newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(10))
        .callTimeout(Duration.ofSeconds(15))
        .build());
    ApiClient watches = ClientBuilder.kubeconfig(config).build();
    watches.setHttpClient(watches.getHttpClient().newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(WATCH_SILENCE)
        .callTimeout(Duration.ZERO)
        .build());
    return new KubernetesClients(requests, watches,
        requests.getBasePath() + " (kubeconfig " + file + ", context " + config.getCurrentContext() + ")");
  }

  /** Lets go of connections and threads, so an in-process user leaves nothing behind. */
  public void close() {
    for (ApiClient client : new ApiClient[] {requests, watches}) {
      client.getHttpClient().dispatcher().executorService().shutdownNow();
      client.getHttpClient().connectionPool().evictAll();
    }
  }
}
