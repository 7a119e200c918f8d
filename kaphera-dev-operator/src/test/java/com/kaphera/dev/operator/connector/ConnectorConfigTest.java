package com.kaphera.dev.operator.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectorConfigTest {

  private static final ConnectorPorts PORTS = new ConnectorPorts(41000, 41001, 41002, 41003, 41004);
  private static final String DID = "did:web:127.0.0.1%3A7003:sme-castings";

  @Test
  void passesEverySettingAndRunsOnLoopbackPorts() {
    ConnectorConfig config = ConnectorConfig.of(joinedControlPlane(), PORTS);

    assertEquals(DID, config.properties().get("edc.participant.id"));
    assertEquals("sme-castings", config.properties().get("edc.participant.context.id"));
    assertEquals("did:web:127.0.0.1%3A7003:kaphera-issuer", config.properties().get("edc.iam.trusted-issuer.kaphera.id"));
    assertEquals("http://127.0.0.1:7004/api/sts/token", config.properties().get("edc.iam.sts.oauth.token.url"));
    assertEquals("41001", config.properties().get("web.http.management.port"));
    assertEquals("/management", config.properties().get("web.http.management.path"));
    assertEquals("41002", config.properties().get("web.http.protocol.port"));
    assertEquals("/api/v1/dsp", config.properties().get("web.http.protocol.path"));
    assertEquals("41000", config.properties().get("web.http.port"));
    assertEquals("41003", config.properties().get("web.http.control.port"));
    assertEquals("41004", config.properties().get("web.http.version.port"));
    assertEquals("127.0.0.1", config.properties().get("edc.hostname"));
    assertEquals("http://127.0.0.1:41002/api/v1/dsp", config.dspEndpoint());
    assertEquals(config.dspEndpoint(), config.properties().get("edc.dsp.callback.address"));
    assertEquals("http://127.0.0.1:41001/management", config.managementEndpoint());
  }

  @Test
  void protectsTheManagementApiWithTheKeyOfTheReferencedSecretThroughTheVault() {
    ConnectorConfig config = ConnectorConfig.of(joinedControlPlane(), PORTS);

    assertEquals("tokenbased", config.properties().get("web.http.management.auth.type"));
    assertEquals(ConnectorConfig.MANAGEMENT_KEY_ALIAS, config.properties().get("web.http.management.auth.key.alias"));
    assertFalse(config.properties().containsKey("web.http.management.auth.key"), "never the key itself");
    assertEquals(new SecretRef("connector-management-api", "api-key"), config.managementKey());
  }

  @Test
  void takesTheStsClientSecretFromTheAnnotatedSecretUnderTheConfiguredAlias() {
    ConnectorConfig config = ConnectorConfig.of(joinedControlPlane(), PORTS);

    assertEquals(Optional.of(new SecretRef("connector-sts-client", "client-secret")), config.stsSecret());
    assertEquals(Optional.of("sme-castings-sts-client-secret"), config.stsSecretAlias());
  }

  @Test
  void defaultsTheParticipantIdToSpecParticipantIdAndUsesTheSpecsPaths() {
    JsonObject plane = controlPlane("""
        {"participantId": "BPNL000000SME001", "protocol": {"path": "/dsp/"},
         "managementApi": {"path": "/api/management",
           "authentication": {"type": "ApiKey", "apiKey": {"secretKeyRef": {"name": "m", "key": "k"}}}}}""", "{}");

    ConnectorConfig config = ConnectorConfig.of(plane, PORTS);

    assertEquals("BPNL000000SME001", config.properties().get("edc.participant.id"));
    assertEquals("false", config.properties().get("edc.iam.did.web.use.https"));
    assertEquals("http://127.0.0.1:41002/dsp", config.dspEndpoint());
    assertEquals("http://127.0.0.1:41001/api/management", config.managementEndpoint());
    assertEquals(Optional.empty(), config.stsSecret());
  }

  @Test
  void ignoresSettingsThatWouldMoveItOffLoopbackOrOffItsPorts() {
    JsonObject plane = controlPlane(spec("""
        {"edc.participant.id": "%s", "web.http.management.port": "8181", "edc.hostname": "0.0.0.0",
         "web.http.management.auth.key": "guessable"}""".formatted(DID)), "{}");

    ConnectorConfig config = ConnectorConfig.of(plane, PORTS);

    assertEquals("41001", config.properties().get("web.http.management.port"));
    assertEquals("127.0.0.1", config.properties().get("edc.hostname"));
    assertFalse(config.properties().containsKey("web.http.management.auth.key"));
    assertEquals(List.of("edc.hostname", "web.http.management.auth.key", "web.http.management.port"),
        config.ignoredKeys());
  }

  @Test
  void refusesAResourceWithoutAnApiKeySecretRef() {
    JsonObject plane = controlPlane("""
        {"participantId": "BPNL000000SME001",
         "managementApi": {"authentication": {"type": "OAuth2", "oauth2": {"issuerUrl": "https://kc/realms/x"}}}}""",
        "{}");

    assertThrows(InvalidResource.class, () -> ConnectorConfig.of(plane, PORTS));
  }

  @Test
  void refusesAnStsSecretAnnotationWithoutAnAliasToStoreItUnder() {
    JsonObject plane = controlPlane(spec("{\"edc.participant.id\": \"%s\"}".formatted(DID)),
        "{\"edc.kaphera.io/sts-client-secret\": \"connector-sts-client/client-secret\"}");

    InvalidResource refused = assertThrows(InvalidResource.class, () -> ConnectorConfig.of(plane, PORTS));
    assertTrue(refused.getMessage().contains("edc.iam.sts.oauth.client.secret.alias"), refused.getMessage());
  }

  @Test
  void refusesSettingKeysThatAreNotConfigurationKeys() {
    JsonObject plane = controlPlane(spec("{\"edc.participant.id\": \"x\", \"bad\\nkey\": \"v\"}"), "{}");

    assertThrows(InvalidResource.class, () -> ConnectorConfig.of(plane, PORTS));
  }

  @Test
  void parsesSecretReferences() {
    assertEquals(new SecretRef("connector-sts-client", "client-secret"),
        SecretRef.parse("connector-sts-client/client-secret"));
    assertEquals(new SecretRef("wallet.sts", "CLIENT_SECRET.v1"), SecretRef.parse("wallet.sts/CLIENT_SECRET.v1"));
    for (String bad : new String[] {null, "", "no-key", "/key", "name/", "a/b/c", "Upper/key", "name/k y"}) {
      assertThrows(InvalidResource.class, () -> SecretRef.parse(bad), String.valueOf(bad));
    }
  }

  private static String spec(String settings) {
    return """
        {"participantId": "BPNL000000SME001", "version": "0.15.1", "settings": %s,
         "managementApi": {"authentication": {"type": "ApiKey",
           "apiKey": {"secretKeyRef": {"name": "connector-management-api", "key": "api-key"}}}}}""".formatted(settings);
  }

  /** As the join flow creates it: DCP settings, an API key Secret and the STS secret annotation. */
  private static JsonObject joinedControlPlane() {
    return controlPlane(spec("""
        {"edc.participant.id": "%s", "edc.participant.context.id": "sme-castings",
         "edc.iam.issuer.id": "%s",
         "edc.iam.trusted-issuer.kaphera.id": "did:web:127.0.0.1%%3A7003:kaphera-issuer",
         "edc.iam.sts.oauth.token.url": "http://127.0.0.1:7004/api/sts/token",
         "edc.iam.sts.oauth.client.id": "%s",
         "edc.iam.sts.oauth.client.secret.alias": "sme-castings-sts-client-secret",
         "edc.iam.did.web.use.https": "false"}""".formatted(DID, DID, DID)),
        "{\"edc.kaphera.io/sts-client-secret\": \"connector-sts-client/client-secret\"}");
  }

  private static JsonObject controlPlane(String spec, String annotations) {
    return JsonParser.parseString("""
        {"apiVersion": "edc.kaphera.io/v1alpha1", "kind": "ControlPlane",
         "metadata": {"name": "connector", "namespace": "kaphera-sme-castings", "generation": 1,
                      "annotations": %s},
         "spec": %s}""".formatted(annotations, spec)).getAsJsonObject();
  }
}
