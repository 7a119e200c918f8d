package com.kaphera.dev.kubernetes;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.CreateOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * An in-process stand-in on an ephemeral port with the test CRDs (Widget, namespaced with status;
 * Gizmo, cluster-scoped) and client-java clients pointed at it, the way the server connects.
 */
final class StandInFixture implements AutoCloseable {

  static final String GROUP = "test.kaphera.io";
  static final String VERSION = "v1alpha1";

  final KubernetesStandIn standIn;
  /** For requests (client-java's default timeouts). */
  final ApiClient client;
  /** For watches: no read timeout, a watch is one long response. */
  final ApiClient watchClient;

  private StandInFixture(KubernetesStandIn standIn) {
    this.standIn = standIn;
    this.client = new ClientBuilder().setBasePath(standIn.url()).build();
    this.watchClient = new ClientBuilder().setBasePath(standIn.url()).setReadTimeout(Duration.ZERO).build();
  }

  static StandInFixture start() {
    return start(UnaryOperator.identity());
  }

  static StandInFixture start(UnaryOperator<StandInOptions> customise) {
    try {
      return new StandInFixture(KubernetesStandIn.start(customise.apply(StandInOptions.defaults().withCrds(testCrds()))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path testCrds() {
    try {
      return Path.of(StandInFixture.class.getResource("/crds").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  DynamicKubernetesApi widgets() {
    return new DynamicKubernetesApi(GROUP, VERSION, "widgets", client);
  }

  DynamicKubernetesApi gizmos() {
    return new DynamicKubernetesApi(GROUP, VERSION, "gizmos", client);
  }

  /** A Widget the way a client builds one: apiVersion, kind, metadata, spec. */
  static DynamicKubernetesObject widget(String namespace, String name, Map<String, String> labels, int replicas) {
    JsonObject json = JsonParser.parseString("{\"apiVersion\":\"" + GROUP + "/" + VERSION + "\",\"kind\":\"Widget\","
        + "\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + namespace + "\"},"
        + "\"spec\":{\"replicas\":" + replicas + ",\"endpoint\":\"https://" + name + ".example\"}}").getAsJsonObject();
    JsonObject labelsJson = new JsonObject();
    labels.forEach(labelsJson::addProperty);
    json.getAsJsonObject("metadata").add("labels", labelsJson);
    return new DynamicKubernetesObject(json);
  }

  /** Creates the widget and fails the test unless that succeeded. */
  DynamicKubernetesObject create(DynamicKubernetesObject object) {
    KubernetesApiResponse<DynamicKubernetesObject> response =
        widgets().create(object.getMetadata().getNamespace(), object, new CreateOptions());
    if (!response.isSuccess()) {
      throw new AssertionError("create answered " + response.getHttpStatusCode() + ": " + response.getStatus());
    }
    return response.getObject();
  }

  static String resourceVersion(DynamicKubernetesObject object) {
    return object.getMetadata().getResourceVersion();
  }

  @Override
  public void close() {
    standIn.close();
  }
}
