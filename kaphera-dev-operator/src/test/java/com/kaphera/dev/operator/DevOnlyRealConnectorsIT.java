package com.kaphera.dev.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dev-only operator with {@code --connectors real}, run by scripts/dev-operator.sh against a real
 * kube-apiserver: a ControlPlane gets a real EDC 0.15.1 process (kaphera-dev-connector) on loopback.
 */
class DevOnlyRealConnectorsIT {

  private static final String NAMESPACE = "kaphera-sme-castings";
  private static final String API_KEY = "sme-castings-management-key-7f3a9c";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static Path work;
  private static RealCluster cluster;
  private static Path operatorDir;
  private static Path walletDir;
  private static DynamicKubernetesApi controlPlanes;
  private static final Thread STOP_ON_EXIT = new Thread(DevOnlyRealConnectorsIT::stopQuietly, "stop-real-it");

  @BeforeAll
  static void startClusterAndOperator() throws Exception {
    Path repo = Path.of(System.getProperty("kaphera.it.repo", "..")).toRealPath();
    // Under target/, where scripts/ci-cleanup.sh finds them should this JVM be killed.
    work = Files.createDirectories(Path.of("target", "dev-operator-real-it").toAbsolutePath());
    operatorDir = work.resolve("operator");
    cluster = RealCluster.start(repo, work.resolve("kubernetes"));
    Runtime.getRuntime().addShutdownHook(STOP_ON_EXIT);
    String crds = repo.resolve("crds").toString();
    cluster.kubectl("apply", "-f", crds);
    cluster.kubectl("wait", "--for", "condition=established", "--timeout=60s", "-f", crds);
    new CoreV1Api(cluster.client).createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(NAMESPACE)))
        .execute();
    controlPlanes = new DynamicKubernetesApi("edc.kaphera.io", "v1alpha1", "controlplanes", cluster.client);
    RealCluster.run(repo, 60, "scripts/dev-operator.sh", "start", operatorDir.toString(),
        cluster.kubeconfig.toString(), "--delay-ms", "200", "--connectors", "real");
  }

  @AfterAll
  static void stopEverything() throws Exception {
    try {
      if (walletDir != null) {
        RealCluster.run(cluster.repo, 30, "scripts/identityhub.sh", "stop", walletDir.toString());
      }
      if (cluster != null) {
        Runtime.getRuntime().removeShutdownHook(STOP_ON_EXIT);
        cluster.stopOperator(operatorDir);
      }
    } finally {
      if (cluster != null) {
        cluster.stop();
      }
      RealCluster.deleteTree(work);
    }
  }

  @Test
  void runsARealConnectorForAControlPlaneRestartsItOnSpecChangeOrDeathAndStopsItWhenDeleted() throws Exception {
    createSecret("connector-management-api", Map.of("api-key", API_KEY));
    createSecret("connector-sts-client", Map.of("client-secret", "sts-client-secret-value"));
    String did = "did:web:127.0.0.1%3A7003:sme-castings";
    controlPlanes.create(new DynamicKubernetesObject(JsonParser.parseString("""
        {"apiVersion": "edc.kaphera.io/v1alpha1", "kind": "ControlPlane",
         "metadata": {"name": "connector", "namespace": "%s",
                      "annotations": {"edc.kaphera.io/sts-client-secret": "connector-sts-client/client-secret"}},
         "spec": {"participantId": "BPNL000000SME001", "version": "0.15.1",
                  "postgresInstanceRef": {"name": "edc-db"}, "identityHubRef": {"name": "wallet"},
                  "managementApi": {"authentication": {"type": "ApiKey",
                    "apiKey": {"secretKeyRef": {"name": "connector-management-api", "key": "api-key"}}}},
                  "settings": {"edc.participant.id": "%s", "edc.participant.context.id": "sme-castings",
                               "edc.iam.issuer.id": "%s",
                               "edc.iam.trusted-issuer.kaphera.id": "did:web:127.0.0.1%%3A7003:kaphera-issuer",
                               "edc.iam.sts.oauth.token.url": "http://127.0.0.1:9/api/sts/token",
                               "edc.iam.sts.oauth.client.id": "%s",
                               "edc.iam.sts.oauth.client.secret.alias": "sme-castings-sts-client-secret",
                               "edc.iam.did.web.use.https": "false"}}}"""
        .formatted(NAMESPACE, did, did, did)).getAsJsonObject())).throwsApiException();
    long created = System.nanoTime();

    JsonObject status = await(o -> o.has("status") && "Ready".equals(string(o.getAsJsonObject("status"), "phase")),
        Duration.ofSeconds(90)).getAsJsonObject("status");
    System.out.println("ControlPlane Ready " + Duration.ofNanos(System.nanoTime() - created).toMillis()
        + " ms after create");

    String dsp = string(status, "dspEndpoint");
    String management = string(status, "managementEndpoint");
    assertTrue(dsp.matches("http://127\\.0\\.0\\.1:\\d+/api/v1/dsp"), dsp);
    assertTrue(management.matches("http://127\\.0\\.0\\.1:\\d+/management"), management);
    assertEquals("0.15.1", string(status, "connectorVersion"));
    assertEquals(1, status.get("readyReplicas").getAsInt());
    assertEquals(1, status.get("observedGeneration").getAsLong());
    JsonObject ready = status.getAsJsonArray("conditions").get(0).getAsJsonObject();
    assertEquals("Ready=True", string(ready, "type") + "=" + string(ready, "status"));
    assertTrue(string(ready, "message").startsWith("DEV ONLY"), string(ready, "message"));

    HttpResponse<String> versions = HTTP.send(HttpRequest.newBuilder(URI.create(dsp + "/.well-known/dspace-version"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, versions.statusCode());
    assertTrue(versions.body().contains("2025-1"), versions.body());
    assertEquals(200, queryAssets(management, Optional.of(API_KEY)));
    assertEquals(401, queryAssets(management, Optional.empty()));
    assertEquals(401, queryAssets(management, Optional.of("not-the-key")));

    Path pidFile = operatorDir.resolve("connectors").resolve(NAMESPACE + "-connector.pid");
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    ProcessHandle connector = ProcessHandle.of(pid).orElseThrow();
    String log = Files.readString(operatorDir.resolve("connectors").resolve(NAMESPACE + "-connector.log"));
    assertFalse(log.contains(API_KEY) || log.contains("sts-client-secret-value"), "a secret in the connector's log");
    String config = Files.readString(operatorDir.resolve("connectors").resolve(NAMESPACE + "-connector.properties"));
    assertFalse(config.contains(API_KEY) || config.contains("sts-client-secret-value"), "a secret in its configuration");
    assertFalse(String.join(" ", connector.info().arguments().orElse(new String[0])).contains(API_KEY));
    System.out.println("connector RSS: " + rssKb(pid) + " kB");

    controlPlanes.patch(NAMESPACE, "connector", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, new V1Patch("""
        {"spec": {"settings": {"edc.negotiation.consumer.state-machine.iteration-wait-millis": "100"}}}"""))
        .throwsApiException();
    JsonObject respecified = await(o -> o.getAsJsonObject("status").get("observedGeneration").getAsLong() == 2
        && "Ready".equals(string(o.getAsJsonObject("status"), "phase")), Duration.ofSeconds(60))
        .getAsJsonObject("status");
    assertFalse(connector.isAlive(), "the previous generation's process is still running");
    assertTrue(Files.readString(operatorDir.resolve("connectors").resolve(NAMESPACE + "-connector.properties"))
        .contains("edc.negotiation.consumer.state-machine.iteration-wait-millis=100"));
    assertEquals(200, queryAssets(string(respecified, "managementEndpoint"), Optional.of(API_KEY)));
    pid = Long.parseLong(Files.readString(pidFile).trim());
    connector = ProcessHandle.of(pid).orElseThrow();

    connector.destroyForcibly();
    JsonObject degraded = await(o -> "Degraded".equals(string(o.getAsJsonObject("status"), "phase")),
        Duration.ofSeconds(15)).getAsJsonObject("status");
    JsonObject notReady = degraded.getAsJsonArray("conditions").get(0).getAsJsonObject();
    assertEquals("False", string(notReady, "status"));
    assertTrue(string(notReady, "message").contains("exited with code 137"), string(notReady, "message"));
    JsonObject restarted = await(o -> "Ready".equals(string(o.getAsJsonObject("status"), "phase")),
        Duration.ofSeconds(60)).getAsJsonObject("status");
    assertEquals(200, queryAssets(string(restarted, "managementEndpoint"), Optional.of(API_KEY)));
    pid = Long.parseLong(Files.readString(pidFile).trim());
    connector = ProcessHandle.of(pid).orElseThrow();

    controlPlanes.delete(NAMESPACE, "connector").throwsApiException();

    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (connector.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertFalse(connector.isAlive(), "the connector process is still running after its ControlPlane was deleted");
    assertFalse(Files.exists(pidFile));
  }

  @Test
  void reportsAMissingManagementKeySecretAsProvisioning() throws Exception {
    String namespace = "kaphera-sme-plastics";
    new CoreV1Api(cluster.client).createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(namespace)))
        .execute();
    controlPlanes.create(new DynamicKubernetesObject(JsonParser.parseString("""
        {"apiVersion": "edc.kaphera.io/v1alpha1", "kind": "ControlPlane",
         "metadata": {"name": "connector", "namespace": "%s"},
         "spec": {"participantId": "BPNL000000SME002", "version": "0.15.1",
                  "postgresInstanceRef": {"name": "edc-db"}, "identityHubRef": {"name": "wallet"},
                  "managementApi": {"authentication": {"type": "ApiKey",
                    "apiKey": {"secretKeyRef": {"name": "not-created-yet", "key": "api-key"}}}}}}"""
        .formatted(namespace)).getAsJsonObject())).throwsApiException();

    JsonObject status = awaitObject(namespace, o -> o.has("status")
        && "Provisioning".equals(string(o.getAsJsonObject("status"), "phase"))
        && string(o.getAsJsonObject("status").getAsJsonArray("conditions").get(0).getAsJsonObject(), "message")
            .contains("not-created-yet"), Duration.ofSeconds(30)).getAsJsonObject("status");

    JsonObject ready = status.getAsJsonArray("conditions").get(0).getAsJsonObject();
    assertEquals("False", string(ready, "status"));
    assertEquals("SecretNotFound", string(ready, "reason"));
    assertFalse(status.has("dspEndpoint"));
    controlPlanes.delete(namespace, "connector").throwsApiException();
  }

  /**
   * The whole DCP round trip on loopback, with a real wallet (kaphera-dev-identityhub): the connector
   * gets a token from the wallet's STS with the client secret from the annotated Secret and the default
   * MembershipCredential scope, sends a DSP catalog request (to itself), whose receiving side resolves
   * the did:web document and queries the wallet for a MembershipCredential. The wallet holds none (no
   * issuer runs here), so the answer is DCP's 401 — which only comes back once all of the above worked.
   */
  @Test
  void fetchesItsDcpTokenFromTheWalletsStsAndIsAskedForAMembershipCredential() throws Exception {
    String namespace = "kaphera-sme-electronics";
    Properties wallet = startWallet();
    String participant = "sme-electronics";
    String did = "did:web:" + wallet.getProperty("IH_DID_HOST") + ":" + participant;
    String clientSecret = createWalletParticipant(wallet, participant, did);
    new CoreV1Api(cluster.client).createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(namespace)))
        .execute();
    createSecret(namespace, "connector-management-api", Map.of("api-key", API_KEY));
    createSecret(namespace, "connector-sts-client", Map.of("client-secret", clientSecret));
    controlPlanes.create(new DynamicKubernetesObject(JsonParser.parseString("""
        {"apiVersion": "edc.kaphera.io/v1alpha1", "kind": "ControlPlane",
         "metadata": {"name": "connector", "namespace": "%s",
                      "annotations": {"edc.kaphera.io/sts-client-secret": "connector-sts-client/client-secret"}},
         "spec": {"participantId": "BPNL000000SME003", "version": "0.15.1",
                  "postgresInstanceRef": {"name": "edc-db"}, "identityHubRef": {"name": "wallet"},
                  "managementApi": {"authentication": {"type": "ApiKey",
                    "apiKey": {"secretKeyRef": {"name": "connector-management-api", "key": "api-key"}}}},
                  "settings": {"edc.participant.id": "%s", "edc.participant.context.id": "%s",
                               "edc.iam.issuer.id": "%s",
                               "edc.iam.trusted-issuer.kaphera.id": "did:web:%s:kaphera-issuer",
                               "edc.iam.sts.oauth.token.url": "%s/token",
                               "edc.iam.sts.oauth.client.id": "%s",
                               "edc.iam.sts.oauth.client.secret.alias": "%s-sts-client-secret",
                               "edc.iam.did.web.use.https": "false"}}}"""
        .formatted(namespace, did, participant, did, wallet.getProperty("IH_DID_HOST"),
            wallet.getProperty("IH_STS_URL"), did, participant)).getAsJsonObject())).throwsApiException();
    JsonObject status = awaitObject(namespace,
        o -> o.has("status") && "Ready".equals(string(o.getAsJsonObject("status"), "phase")), Duration.ofSeconds(90))
        .getAsJsonObject("status");

    HttpResponse<String> catalog = HTTP.send(HttpRequest.newBuilder(
            URI.create(string(status, "managementEndpoint") + "/v3/catalog/request"))
        .header("x-api-key", API_KEY).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"@context": {"@vocab": "https://w3id.org/edc/v0.0.1/ns/"}, "@type": "CatalogRequest",
             "counterPartyAddress": "%s/2025-1", "counterPartyId": "%s",
             "protocol": "dataspace-protocol-http:2025-1"}""".formatted(string(status, "dspEndpoint"), did)))
        .build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(502, catalog.statusCode(), catalog.body());
    assertTrue(catalog.body().contains("CatalogError") && catalog.body().contains("401"), catalog.body());
    String log = Files.readString(operatorDir.resolve("connectors").resolve(namespace + "-connector.log"));
    assertFalse(log.contains("no token from the STS"), "the STS refused the connector:\n" + log);
    assertFalse(log.contains(clientSecret), "the STS client secret is in the connector's log");
    controlPlanes.delete(namespace, "connector").throwsApiException();
  }

  /** A real DCP wallet (scripts/identityhub.sh); its endpoints.env. */
  private static Properties startWallet() throws Exception {
    walletDir = work.resolve("identityhub");
    Path jar = cluster.repo.resolve("kaphera-dev-identityhub/target/kaphera-dev-identityhub.jar");
    RealCluster.run(cluster.repo, 90, "scripts/identityhub.sh", "start", jar.toString(), walletDir.toString(),
        String.valueOf(freePortRange(5)));
    Properties endpoints = new Properties();
    try (var reader = Files.newBufferedReader(walletDir.resolve("endpoints.env"))) {
      endpoints.load(reader);
    }
    return endpoints;
  }

  /** An active participant with a CredentialService in its DID document; its STS client secret. */
  private static String createWalletParticipant(Properties wallet, String participant, String did) throws Exception {
    String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(participant.getBytes(StandardCharsets.UTF_8));
    String manifest = """
        {"participantContextId": "%s", "did": "%s", "active": true, "roles": [],
         "key": {"keyId": "%s#key-1", "privateKeyAlias": "%s-key-1",
                 "keyGeneratorParams": {"algorithm": "EC", "curve": "secp256r1"}},
         "serviceEndpoints": [{"id": "%s-credential-service", "type": "CredentialService",
                               "serviceEndpoint": "%s/v1/participants/%s"}]}"""
        .formatted(participant, did, did, participant, participant, wallet.getProperty("IH_CREDENTIALS_URL"), encoded);
    HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(
            URI.create(wallet.getProperty("IH_IDENTITY_URL") + "/v1alpha/participants"))
        .header("x-api-key", Files.readString(Path.of(wallet.getProperty("IH_ADMIN_API_KEY_FILE"))).strip())
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(manifest)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, created.statusCode(), created.body());
    return JsonParser.parseString(created.body()).getAsJsonObject().get("clientSecret").getAsString();
  }

  private static int freePortRange(int count) throws IOException {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = 20000 + random.nextInt(12000 - count);
      boolean free = true;
      for (int port = base; port < base + count && free; port++) {
        try (var socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
          free = socket.isBound();
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IOException("no " + count + " consecutive free ports");
  }

  private static int queryAssets(String management, Optional<String> key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(management + "/v3/assets/request"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"@context\":{\"@vocab\":\"https://w3id.org/edc/v0.0.1/ns/\"},\"@type\":\"QuerySpec\"}"));
    key.ifPresent(k -> request.header("x-api-key", k));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static void createSecret(String name, Map<String, String> data) throws Exception {
    createSecret(NAMESPACE, name, data);
  }

  private static void createSecret(String namespace, String name, Map<String, String> data) throws Exception {
    new CoreV1Api(cluster.client).createNamespacedSecret(namespace, new V1Secret()
        .metadata(new V1ObjectMeta().name(name))
        .data(data.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
            e -> e.getValue().getBytes(StandardCharsets.UTF_8))))).execute();
  }

  private static String rssKb(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
          .filter(line -> line.startsWith("VmRSS:")).map(line -> line.replaceAll("\\D", "")).findFirst().orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  private static JsonObject await(Predicate<JsonObject> condition, Duration timeout) throws Exception {
    return awaitObject(NAMESPACE, condition, timeout);
  }

  private static JsonObject awaitObject(String namespace, Predicate<JsonObject> condition, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      last = controlPlanes.get(namespace, "connector").throwsApiException().getObject().getRaw();
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(namespace + "/connector did not reach the expected state in " + timeout.toSeconds()
        + " s; status " + (last == null ? null : last.get("status")) + "; operator log:\n"
        + Files.readString(operatorDir.resolve("dev-operator.log")));
  }

  private static String string(JsonObject object, String name) {
    JsonElement value = object.get(name);
    return value == null || value.isJsonNull() ? null : value.getAsString();
  }

  private static void stopQuietly() {
    try {
      if (walletDir != null) {
        RealCluster.run(cluster.repo, 30, "scripts/identityhub.sh", "stop", walletDir.toString());
      }
    } catch (Exception | AssertionError e) {
      // the rest still has to go
    }
    try {
      RealCluster.run(cluster.repo, 30, "scripts/dev-operator.sh", "stop", operatorDir.toString());
    } catch (Exception | AssertionError e) {
      // the cluster still has to go
    }
    try {
      cluster.stop();
    } catch (Exception | AssertionError e) {
      System.err.println("could not stop the test cluster in " + cluster.dir + ": " + e);
    }
  }
}
