package com.kaphera.dev.operator.discovery;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.kaphera.dev.operator.kubernetes.ResourceKind;
import java.util.Optional;

/**
 * Which CustomResourceDefinitions stand for a Kaphera operator's kind: a group ending in
 * {@code .kaphera.io}, established, not being deleted, with a served version that has a status
 * subresource (the storage version when it has one). Pure, so tested without a cluster.
 */
public final class OperatedKinds {

  public static final String GROUP_SUFFIX = ".kaphera.io";

  private OperatedKinds() {
  }

  public static Optional<ResourceKind> of(JsonObject definition) {
    JsonObject spec = object(definition, "spec");
    String group = text(spec, "group");
    if (group == null || !group.endsWith(GROUP_SUFFIX) || object(definition, "metadata").has("deletionTimestamp")
        || !established(definition)) {
      return Optional.empty();
    }
    JsonObject chosen = null;
    JsonElement versions = spec.get("versions");
    if (versions != null && versions.isJsonArray()) {
      for (JsonElement element : versions.getAsJsonArray()) {
        JsonObject version = element.getAsJsonObject();
        boolean served = bool(version, "served");
        boolean status = object(version, "subresources").has("status");
        if (served && status && (chosen == null || bool(version, "storage"))) {
          chosen = version;
        }
      }
    }
    if (chosen == null) {
      return Optional.empty();
    }
    JsonObject names = object(spec, "names");
    return Optional.of(new ResourceKind(group, text(chosen, "name"), text(names, "plural"), text(names, "kind"),
        !"Cluster".equals(text(spec, "scope"))));
  }

  /** Before Established=True the API server does not serve the kind yet. */
  private static boolean established(JsonObject definition) {
    JsonElement conditions = object(definition, "status").get("conditions");
    if (conditions == null || !conditions.isJsonArray()) {
      return false;
    }
    for (JsonElement element : conditions.getAsJsonArray()) {
      JsonObject condition = element.getAsJsonObject();
      if ("Established".equals(text(condition, "type")) && "True".equals(text(condition, "status"))) {
        return true;
      }
    }
    return false;
  }

  private static JsonObject object(JsonObject parent, String field) {
    JsonElement value = parent.get(field);
    return value != null && value.isJsonObject() ? value.getAsJsonObject() : new JsonObject();
  }

  private static String text(JsonObject parent, String field) {
    JsonElement value = parent.get(field);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
  }

  private static boolean bool(JsonObject parent, String field) {
    JsonElement value = parent.get(field);
    return value != null && value.isJsonPrimitive() && value.getAsBoolean();
  }
}
