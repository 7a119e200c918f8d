package com.kaphera.dev.operator.status;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The status a simulated operator reports, and when one is due. Pure functions over the object's
 * JSON, so the rules are tested without a cluster.
 */
public final class ReadyStatus {

  public static final String MESSAGE =
      "DEV ONLY: simulated by kaphera-dev-operator (scripts/dev-operator.sh); no operator reconciled this resource";
  public static final String REASON = "Reconciled";
  /** The conditions this simulation owns, in the order it writes them (first in the list). */
  public static final List<String> OWN_CONDITIONS = List.of("Ready", "Progressing", "Degraded");
  private static final Map<String, String> OWN_VALUES = Map.of("Ready", "True", "Progressing", "False",
      "Degraded", "False");

  private ReadyStatus() {
  }

  /** metadata.generation; 1 when absent, as for a resource without a status subresource. */
  public static long generation(JsonObject object) {
    JsonElement generation = metadata(object).get("generation");
    return isNumber(generation) ? generation.getAsLong() : 1;
  }

  /** Whether the spec changed since the status was last written (or no status was ever written). */
  public static boolean needsReconcile(JsonObject object) {
    JsonElement status = object.get("status");
    JsonElement observed = status != null && status.isJsonObject()
        ? status.getAsJsonObject().get("observedGeneration") : null;
    return !isNumber(observed) || observed.getAsLong() != generation(object);
  }

  /** Objects being deleted are left to their finalizers; a real operator would be tearing down. */
  public static boolean isDeleting(JsonObject object) {
    JsonElement deletion = metadata(object).get("deletionTimestamp");
    return deletion != null && !deletion.isJsonNull();
  }

  /**
   * The existing status with observedGeneration, phase Ready and the Ready/Progressing/Degraded
   * conditions set (first, in that order); every other field and condition is kept as it is. A
   * condition keeps its lastTransitionTime while its status does not change, as controllers do.
   */
  public static JsonObject of(JsonElement existing, long generation, Instant now) {
    return of(existing, generation, now, "Ready", OWN_VALUES, REASON, MESSAGE);
  }

  /**
   * The existing status with observedGeneration, {@code phase} and the Ready/Progressing/Degraded
   * conditions set to {@code values} ("True"/"False"), each with {@code reason} and {@code message};
   * every other field and condition is kept. A condition keeps its lastTransitionTime while its
   * status does not change.
   */
  public static JsonObject of(JsonElement existing, long generation, Instant now, String phase,
      Map<String, String> values, String reason, String message) {
    JsonObject status = existing != null && existing.isJsonObject()
        ? existing.getAsJsonObject().deepCopy() : new JsonObject();
    status.addProperty("observedGeneration", generation);
    status.addProperty("phase", phase);
    Map<String, JsonObject> previous = new HashMap<>();
    JsonArray others = new JsonArray();
    JsonElement conditions = status.get("conditions");
    if (conditions != null && conditions.isJsonArray()) {
      for (JsonElement condition : conditions.getAsJsonArray()) {
        String type = condition.isJsonObject() && condition.getAsJsonObject().has("type")
            ? condition.getAsJsonObject().get("type").getAsString() : null;
        if (OWN_CONDITIONS.contains(type)) {
          previous.put(type, condition.getAsJsonObject());
        } else {
          others.add(condition);
        }
      }
    }
    JsonArray written = new JsonArray();
    String transition = now.truncatedTo(ChronoUnit.SECONDS).toString();
    for (String type : OWN_CONDITIONS) {
      written.add(condition(type, values.get(type), generation, previous.get(type), transition, reason, message));
    }
    written.addAll(others);
    status.add("conditions", written);
    return status;
  }

  private static JsonObject condition(String type, String value, long generation, JsonObject before, String now,
      String reason, String message) {
    JsonObject condition = new JsonObject();
    condition.addProperty("type", type);
    condition.addProperty("status", value);
    condition.addProperty("reason", reason);
    condition.addProperty("message", message);
    boolean unchanged = before != null && before.has("status") && new JsonPrimitive(value).equals(before.get("status"))
        && before.has("lastTransitionTime") && !before.get("lastTransitionTime").isJsonNull();
    condition.add("lastTransitionTime", unchanged ? before.get("lastTransitionTime") : new JsonPrimitive(now));
    condition.addProperty("observedGeneration", generation);
    return condition;
  }

  private static JsonObject metadata(JsonObject object) {
    JsonElement metadata = object.get("metadata");
    return metadata != null && metadata.isJsonObject() ? metadata.getAsJsonObject() : new JsonObject();
  }

  private static boolean isNumber(JsonElement element) {
    return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isNumber();
  }
}
