package com.kaphera.dev.operator.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class ReadyStatusTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:15:30.123Z");

  @Test
  void newObjectGetsPhaseReadyObservedGenerationAndTheThreeConditions() {
    JsonObject status = ReadyStatus.of(null, 3, NOW);

    assertEquals(3, status.get("observedGeneration").getAsLong());
    assertEquals("Ready", status.get("phase").getAsString());
    JsonArray conditions = status.getAsJsonArray("conditions");
    assertEquals(List.of("Ready", "Progressing", "Degraded"), types(conditions));
    assertEquals(List.of("True", "False", "False"), values(conditions, "status"));
    for (var element : conditions) {
      JsonObject condition = element.getAsJsonObject();
      assertEquals("Reconciled", condition.get("reason").getAsString());
      assertTrue(condition.get("message").getAsString().startsWith("DEV ONLY"));
      assertEquals(3, condition.get("observedGeneration").getAsLong());
      assertEquals("2026-12-01T10:15:30Z", condition.get("lastTransitionTime").getAsString());
    }
  }

  @Test
  void keepsOtherStatusFieldsAndOtherConditionsAfterItsOwn() {
    JsonObject existing = json("""
        {"dspEndpoint": "https://sme-castings.edc.kaphera.example/api/v1/dsp",
         "conditions": [{"type": "DatabaseReady", "status": "True", "reason": "Provisioned", "message": "edc-db",
                         "lastTransitionTime": "2026-11-30T08:00:00Z"}]}""");

    JsonObject status = ReadyStatus.of(existing, 1, NOW);

    assertEquals("https://sme-castings.edc.kaphera.example/api/v1/dsp", status.get("dspEndpoint").getAsString());
    assertEquals(List.of("Ready", "Progressing", "Degraded", "DatabaseReady"),
        types(status.getAsJsonArray("conditions")));
    assertEquals(existing.getAsJsonArray("conditions").get(0), status.getAsJsonArray("conditions").get(3));
  }

  @Test
  void keepsLastTransitionTimeWhileAConditionsStatusDoesNotChange() {
    JsonObject existing = ReadyStatus.of(null, 1, Instant.parse("2026-11-30T08:00:00Z"));

    JsonObject status = ReadyStatus.of(existing, 2, NOW);

    assertEquals(List.of("2026-11-30T08:00:00Z", "2026-11-30T08:00:00Z", "2026-11-30T08:00:00Z"),
        values(status.getAsJsonArray("conditions"), "lastTransitionTime"));
    assertEquals(List.of("2", "2", "2"), values(status.getAsJsonArray("conditions"), "observedGeneration"));
  }

  @Test
  void movesLastTransitionTimeWhenAConditionsStatusChanges() {
    JsonObject existing = json("""
        {"conditions": [{"type": "Ready", "status": "False", "reason": "Provisioning", "message": "waiting",
                         "lastTransitionTime": "2026-11-30T08:00:00Z"},
                        {"type": "Progressing", "status": "False", "reason": "Idle", "message": "",
                         "lastTransitionTime": "2026-11-30T08:00:00Z"}]}""");

    JsonObject status = ReadyStatus.of(existing, 1, NOW);

    assertEquals(List.of("2026-12-01T10:15:30Z", "2026-11-30T08:00:00Z", "2026-12-01T10:15:30Z"),
        values(status.getAsJsonArray("conditions"), "lastTransitionTime"));
  }

  @Test
  void doesNotChangeTheStatusItWasGiven() {
    JsonObject existing = json("{'phase': 'Provisioning'}");

    ReadyStatus.of(existing, 1, NOW);

    assertEquals(json("{'phase': 'Provisioning'}"), existing);
  }

  @Test
  void objectWithoutStatusNeedsReconcile() {
    assertTrue(ReadyStatus.needsReconcile(json("{'metadata': {'generation': 1}}")));
  }

  @Test
  void statusWithoutObservedGenerationNeedsReconcile() {
    assertTrue(ReadyStatus.needsReconcile(json("{'metadata': {'generation': 1}, 'status': {'phase': 'Ready'}}")));
  }

  @Test
  void specChangedSinceTheStatusNeedsReconcile() {
    assertTrue(ReadyStatus.needsReconcile(
        json("{'metadata': {'generation': 2}, 'status': {'observedGeneration': 1}}")));
  }

  @Test
  void statusOfTheCurrentGenerationNeedsNothing() {
    assertFalse(ReadyStatus.needsReconcile(
        json("{'metadata': {'generation': 2}, 'status': {'observedGeneration': 2}}")));
  }

  @Test
  void objectWithDeletionTimestampIsBeingDeleted() {
    assertTrue(ReadyStatus.isDeleting(json("{'metadata': {'deletionTimestamp': '2026-12-01T10:00:00Z'}}")));
    assertFalse(ReadyStatus.isDeleting(json("{'metadata': {'name': 'connector'}}")));
  }

  /** JSON, with ' for " where that reads better (no value here contains a quote). */
  private static JsonObject json(String text) {
    return JsonParser.parseString(text.replace('\'', '"')).getAsJsonObject();
  }

  private static List<String> types(JsonArray conditions) {
    return values(conditions, "type");
  }

  private static List<String> values(JsonArray conditions, String field) {
    return StreamSupport.stream(conditions.spliterator(), false)
        .map(c -> c.getAsJsonObject().get(field).getAsString()).toList();
  }
}
