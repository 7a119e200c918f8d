package com.kaphera.dev.operator.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectorStatusTest {

  private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

  @Test
  void readyCarriesTheEndpointsVersionAndOneReadyReplica() {
    JsonObject status = ConnectorStatus.running("http://127.0.0.1:41002/api/v1/dsp", "http://127.0.0.1:41001/management")
        .applyTo(null, 3, NOW);

    assertEquals("Ready", status.get("phase").getAsString());
    assertEquals(3, status.get("observedGeneration").getAsLong());
    assertEquals("http://127.0.0.1:41002/api/v1/dsp", status.get("dspEndpoint").getAsString());
    assertEquals("http://127.0.0.1:41001/management", status.get("managementEndpoint").getAsString());
    assertEquals("0.15.1", status.get("connectorVersion").getAsString());
    assertEquals(1, status.get("readyReplicas").getAsInt());
    assertEquals(List.of("Ready=True", "Progressing=False", "Degraded=False"), conditions(status));
    for (JsonElement condition : status.getAsJsonArray("conditions")) {
      String message = condition.getAsJsonObject().get("message").getAsString();
      assertTrue(message.startsWith("DEV ONLY") && message.contains("a real EDC 0.15.1 process on loopback"), message);
      assertEquals(3, condition.getAsJsonObject().get("observedGeneration").getAsLong());
    }
  }

  @Test
  void aCrashIsDegradedWithoutEndpointsAndKeepsOtherConditions() {
    JsonElement before = JsonParser.parseString("""
        {"dspEndpoint": "http://127.0.0.1:41002/api/v1/dsp", "managementEndpoint": "http://127.0.0.1:41001/management",
         "readyReplicas": 1, "connectorVersion": "0.15.1",
         "conditions": [{"type": "Ready", "status": "True", "reason": "Reconciled", "message": "m",
                         "lastTransitionTime": "2026-12-02T08:00:00Z"},
                        {"type": "IdentityHubReady", "status": "True", "reason": "Provisioned", "message": "wallet",
                         "lastTransitionTime": "2026-12-02T07:00:00Z"}]}""");

    JsonObject status = ConnectorStatus.crashed("exited with code 137").applyTo(before, 1, NOW);

    assertEquals("Degraded", status.get("phase").getAsString());
    assertEquals(List.of("Ready=False", "Progressing=True", "Degraded=True", "IdentityHubReady=True"),
        conditions(status));
    JsonObject ready = status.getAsJsonArray("conditions").get(0).getAsJsonObject();
    assertEquals("ProcessExited", ready.get("reason").getAsString());
    assertTrue(ready.get("message").getAsString().contains("exited with code 137"));
    assertEquals("2026-12-02T09:00:00Z", ready.get("lastTransitionTime").getAsString());
    assertFalse(status.has("dspEndpoint"));
    assertFalse(status.has("managementEndpoint"));
    assertEquals(0, status.get("readyReplicas").getAsInt());
  }

  @Test
  void aMissingSecretIsProvisioningAndSaysWhich() {
    JsonObject status = ConnectorStatus.waitingForSecret("Secret kaphera-sme-castings/connector-management-api does not exist")
        .applyTo(null, 1, NOW);

    assertEquals("Provisioning", status.get("phase").getAsString());
    JsonObject ready = status.getAsJsonArray("conditions").get(0).getAsJsonObject();
    assertEquals("SecretNotFound", ready.get("reason").getAsString());
    assertTrue(ready.get("message").getAsString().startsWith("DEV ONLY"));
    assertTrue(ready.get("message").getAsString().contains("connector-management-api does not exist"));
  }

  private static List<String> conditions(JsonObject status) {
    return status.getAsJsonArray("conditions").asList().stream().map(JsonElement::getAsJsonObject)
        .map(c -> c.get("type").getAsString() + "=" + c.get("status").getAsString()).toList();
  }
}
