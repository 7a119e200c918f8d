package com.kaphera.dev.operator.connector;

import com.google.gson.JsonObject;
import com.kaphera.dev.operator.kubernetes.ResourceKind;

/** One ControlPlane object. */
public record ControlPlaneRef(ResourceKind kind, String namespace, String name) {

  static ControlPlaneRef of(ResourceKind kind, JsonObject object) {
    JsonObject metadata = object.getAsJsonObject("metadata");
    return new ControlPlaneRef(kind, metadata.get("namespace").getAsString(), metadata.get("name").getAsString());
  }

  /** Its files' base name: {@code <namespace>-<name>} (both DNS labels, so unique enough and safe in paths). */
  String fileName() {
    return namespace + "-" + name;
  }

  @Override
  public String toString() {
    return kind.kind() + " " + namespace + "/" + name;
  }
}
