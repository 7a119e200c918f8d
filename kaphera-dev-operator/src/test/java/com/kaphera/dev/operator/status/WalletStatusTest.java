package com.kaphera.dev.operator.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.kaphera.dev.operator.kubernetes.ResourceKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WalletStatusTest {
  private static final String IDENTITY_API = "http://127.0.0.1:7101/api/identity";

  private static JsonObject wallet(String spec) {
    return JsonParser.parseString("{\"apiVersion\":\"edc.kaphera.io/v1alpha1\",\"kind\":\"IdentityHub\","
        + "\"metadata\":{\"name\":\"automotive-dataspace-wallet\",\"namespace\":\"kaphera-tier1\",\"generation\":1},"
        + "\"spec\":" + spec + "}").getAsJsonObject();
  }

  @Test
  void appliesToIdentityHubsOnly() {
    assertTrue(WalletStatus.applies(new ResourceKind("edc.kaphera.io", "v1alpha1", "identityhubs", "IdentityHub", true)));
    assertFalse(WalletStatus.applies(new ResourceKind("edc.kaphera.io", "v1alpha1", "controlplanes", "ControlPlane", true)));
    assertFalse(WalletStatus.applies(new ResourceKind("cloud.kaphera.io", "v1alpha1", "identityhubs", "IdentityHub", true)));
  }

  @Test
  void reportsTheDevWalletsIdentityApiAndTheDidAndCredentialServiceTheSpecAsksFor() {
    JsonObject object = wallet("{\"did\":\"did:web:127.0.0.1%3A7103:tier1-automotive-dataspace\","
        + "\"credentialServiceUrl\":\"http://127.0.0.1:7102/api/credentials/v1/participants/dGllcjE\"}");
    JsonObject ready = ReadyStatus.of(null, 1, Instant.parse("2026-12-02T10:00:00Z"));

    JsonObject status = WalletStatus.withWallet(ready, object, IDENTITY_API);

    assertEquals(IDENTITY_API, status.get("identityApiUrl").getAsString());
    assertEquals("did:web:127.0.0.1%3A7103:tier1-automotive-dataspace", status.get("did").getAsString());
    assertEquals("http://127.0.0.1:7102/api/credentials/v1/participants/dGllcjE",
        status.get("credentialServiceUrl").getAsString());
    assertEquals("Ready", status.get("phase").getAsString());
    assertEquals(ready.get("conditions"), status.get("conditions"));
  }

  @Test
  void reportsNoDidOrCredentialServiceTheSpecDoesNotName() {
    JsonObject status = WalletStatus.withWallet(new JsonObject(), wallet("{\"version\":\"0.15.1\"}"), IDENTITY_API);

    assertEquals(IDENTITY_API, status.get("identityApiUrl").getAsString());
    assertFalse(status.has("did"));
    assertFalse(status.has("credentialServiceUrl"));
  }
}
