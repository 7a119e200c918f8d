package com.kaphera.dev.kubernetes.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaphera.dev.kubernetes.support.Jackson;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * fabric8's CRUD dispatcher, called in-process for every write, with each committed change copied
 * into the {@link ObjectStore}. fabric8 stays the authority for write semantics (resource-version
 * conflicts, generation, the status subresource, finalizers, CRD registration); the store serves
 * reads and watches.
 */
public final class StandInDispatcher extends KubernetesCrudDispatcher {

  private final ObjectStore store;
  private final KubernetesAttributesExtractor extractor;

  public StandInDispatcher(ObjectStore store) {
    this.store = store;
    this.extractor = (KubernetesAttributesExtractor) getAttributeExtractor();
  }

  /** Runs one request through fabric8 and returns its status code and body. */
  public Result call(HttpMethod method, String path, String contentType, String body) {
    Headers.Builder headers = Headers.builder();
    if (contentType != null) {
      headers.add("Content-Type", contentType);
    }
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    MockResponse response = dispatch(new RecordedRequest("HTTP/1.1", method, path, headers.build(), new Buffer(bytes)));
    Buffer responseBody = response.getBody();
    return new Result(response.code(), responseBody == null ? "" : responseBody.readUtf8());
  }

  /**
   * fabric8 calls this for every create, update and delete while holding its write lock. The key the
   * new state is stored under is computed exactly as the superclass does (it does not expose it), so
   * the store matches selectors against the same attributes fabric8 would.
   */
  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    String normalized = newState == null ? null : normalize(newState, oldAttributes == null);
    if (normalized != newState) {
      newState = normalized;
      // the attributes are then read from the normalised JSON, exactly as fabric8 does for updates
      resource = null;
    }
    AttributeSet newAttributes = null;
    if (newState != null) {
      newAttributes = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
      if (!newAttributes.containsKey(KubernetesAttributesExtractor.PLURAL)) {
        newAttributes = AttributeSet.merge(pathAttributes, newAttributes);
      }
    }
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    store.record(oldAttributes, newAttributes, newState, this::requestResourceVersion);
  }

  /**
   * Two touches so stored objects look like the real server's. fabric8 numbers uids 1, 2, 3... per
   * JVM, so a restarted stand-in would hand out the same uids again; new objects get a random one.
   * And an update of a cluster-scoped object comes back from fabric8 with {@code "namespace":null}.
   * Callers answer with the stored JSON, so clients see the normalised object.
   */
  private static String normalize(String json, boolean created) {
    if (!created && !json.contains("\"namespace\":null")) {
      return json;
    }
    try {
      ObjectNode object = (ObjectNode) Jackson.MAPPER.readTree(json);
      JsonNode metadata = object.get("metadata");
      if (metadata instanceof ObjectNode meta) {
        if (meta.has("namespace") && meta.get("namespace").isNull()) {
          meta.remove("namespace");
        }
        if (created) {
          meta.put("uid", UUID.randomUUID().toString());
        }
      }
      return Jackson.MAPPER.writeValueAsString(object);
    } catch (Exception e) {
      return json;
    }
  }

  /** fabric8's answer to one request. */
  public record Result(int code, String body) {

    public boolean isSuccess() {
      return code >= 200 && code < 300;
    }
  }
}
