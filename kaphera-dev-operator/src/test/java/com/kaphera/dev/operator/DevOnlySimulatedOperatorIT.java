package com.kaphera.dev.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dev-only operator, run by scripts/dev-operator.sh exactly as developers run it, against a real
 * kube-apiserver v1.20 with the shipped CRDs. Every test uses its own object.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevOnlySimulatedOperatorIT {

  private static final long DELAY_MS = 1000;
  /** The dev wallet every IdentityHub is reported at (nothing needs to listen there for the status). */
  private static final String IDENTITY_API = "http://127.0.0.1:7101/api/identity";
  private static final List<String> NAMESPACES = List.of("kaphera-sme-castings", "kaphera-sme-plastics",
      "kaphera-sme-electronics", "kaphera-logistics-provider", "kaphera-oem-frankfurt");

  private static Path work;
  private static RealCluster cluster;
  private static Path operatorDir;
  private static DynamicKubernetesApi controlPlanes;
  /** Stops the operator and the cluster should this JVM be ended before @AfterAll runs. */
  private static final Thread STOP_ON_EXIT =
      new Thread(DevOnlySimulatedOperatorIT::stopQuietly, "stop-dev-operator-it");

  @BeforeAll
  static void startClusterAndOperator() throws Exception {
    Path repo = Path.of(System.getProperty("kaphera.it.repo", "..")).toRealPath();
    // Under target/, where scripts/ci-cleanup.sh finds them should this JVM be killed.
    work = Files.createDirectories(Path.of("target", "dev-operator-it").toAbsolutePath());
    operatorDir = work.resolve("operator");
    cluster = RealCluster.start(repo, work.resolve("kubernetes"));
    Runtime.getRuntime().addShutdownHook(STOP_ON_EXIT);
    String crds = repo.resolve("crds").toString();
    cluster.kubectl("apply", "-f", crds);
    cluster.kubectl("wait", "--for", "condition=established", "--timeout=60s", "-f", crds);
    CoreV1Api core = new CoreV1Api(cluster.client);
    for (String namespace : NAMESPACES) {
      core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(namespace))).execute();
    }
    controlPlanes = new DynamicKubernetesApi("edc.kaphera.io", "v1alpha1", "controlplanes", cluster.client);
    RealCluster.run(repo, 60, "scripts/dev-operator.sh", "start", operatorDir.toString(),
        cluster.kubeconfig.toString(), "--delay-ms", String.valueOf(DELAY_MS), "--identity-api-url", IDENTITY_API);
  }

  @AfterAll
  static void stopEverything() throws Exception {
    try {
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
  void marksANewControlPlaneReadyAboutTheDelayLaterWithItsGeneration() throws Exception {
    create(controlPlane("kaphera-sme-castings", "BPNL000000SME001"));
    long created = System.nanoTime();

    JsonObject ready = await("kaphera-sme-castings", o -> o.has("status"));

    long elapsedMs = Duration.ofNanos(System.nanoTime() - created).toMillis();
    assertTrue(elapsedMs >= DELAY_MS - 100 && elapsedMs < DELAY_MS + 4000, "marked Ready after " + elapsedMs + " ms");
    JsonObject status = ready.getAsJsonObject("status");
    assertEquals("Ready", status.get("phase").getAsString());
    assertEquals(1, status.get("observedGeneration").getAsLong());
    JsonArray conditions = status.getAsJsonArray("conditions");
    assertEquals(List.of("Ready=True", "Progressing=False", "Degraded=False"), conditions.asList().stream()
        .map(JsonElement::getAsJsonObject).map(c -> c.get("type").getAsString() + "=" + c.get("status").getAsString())
        .toList());
    for (JsonElement element : conditions) {
      JsonObject condition = element.getAsJsonObject();
      assertEquals("Reconciled", condition.get("reason").getAsString());
      assertTrue(condition.get("message").getAsString().startsWith("DEV ONLY"));
      assertEquals(1, condition.get("observedGeneration").getAsLong());
      assertNotNull(condition.get("lastTransitionTime"));
    }
  }

  @Test
  void reconcilesASpecChangeOnceAndDoesNotLoopOnItsOwnWrites() throws Exception {
    create(controlPlane("kaphera-sme-plastics", "BPNL000000SME002"));
    JsonObject first = await("kaphera-sme-plastics", o -> o.has("status"));

    controlPlanes.patch("kaphera-sme-plastics", "connector", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        new V1Patch("{\"spec\":{\"replicas\":2}}")).throwsApiException();
    JsonObject reconciled = await("kaphera-sme-plastics",
        o -> o.getAsJsonObject("status").get("observedGeneration").getAsLong() == 2);
    Thread.sleep(2 * DELAY_MS);

    JsonObject later = get("kaphera-sme-plastics");
    assertEquals(resourceVersion(reconciled), resourceVersion(later));
    assertEquals(2, later.getAsJsonObject("metadata").get("generation").getAsLong());
    assertEquals(readyCondition(first).get("lastTransitionTime"), readyCondition(later).get("lastTransitionTime"),
        "Ready stayed True, so its lastTransitionTime stays");
    assertEquals(2, operatorLog().stream()
        .filter(line -> line.contains("marked Ready: ControlPlane kaphera-sme-plastics/connector")).count());
  }

  @Test
  void leavesOtherStatusFieldsAndConditionsAlone() throws Exception {
    JsonObject created = create(controlPlane("kaphera-sme-electronics", "BPNL000000SME003"));
    created.add("status", JsonParser.parseString("""
        {"dspEndpoint": "https://sme-electronics.edc.kaphera.example/api/v1/dsp",
         "conditions": [{"type": "DatabaseReady", "status": "True", "reason": "Provisioned",
                         "message": "database edc in edc-db", "lastTransitionTime": "2026-11-30T08:00:00Z"}]}"""));
    new CustomObjectsApi(cluster.client).replaceNamespacedCustomObjectStatus("edc.kaphera.io", "v1alpha1",
        "kaphera-sme-electronics", "controlplanes", "connector", created).execute();

    JsonObject status = await("kaphera-sme-electronics", o -> o.getAsJsonObject("status").has("phase"))
        .getAsJsonObject("status");

    assertEquals("https://sme-electronics.edc.kaphera.example/api/v1/dsp", status.get("dspEndpoint").getAsString());
    JsonObject database = status.getAsJsonArray("conditions").get(3).getAsJsonObject();
    assertEquals("DatabaseReady", database.get("type").getAsString());
    assertEquals("2026-11-30T08:00:00Z", database.get("lastTransitionTime").getAsString());
  }

  @Test
  void skipsObjectsBeingDeleted() throws Exception {
    JsonObject held = controlPlane("kaphera-logistics-provider", "BPNL00000000LOG1");
    held.getAsJsonObject("metadata").add("finalizers", JsonParser.parseString("[\"kaphera.io/test-hold\"]"));
    create(held);
    controlPlanes.delete("kaphera-logistics-provider", "connector").throwsApiException();

    Thread.sleep(DELAY_MS + 1000);

    JsonObject deleting = get("kaphera-logistics-provider");
    assertTrue(deleting.getAsJsonObject("metadata").has("deletionTimestamp"));
    assertFalse(deleting.has("status"), "status written on an object being deleted: " + deleting.get("status"));
    controlPlanes.patch("kaphera-logistics-provider", "connector", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        new V1Patch("{\"metadata\":{\"finalizers\":null}}")).throwsApiException();
  }

  @Test
  void handlesAKindWhoseDefinitionIsCreatedAfterItStarted() throws Exception {
    Path definition = work.resolve("gadgets.test.kaphera.io.yaml");
    Files.writeString(definition, """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: gadgets.test.kaphera.io
        spec:
          group: test.kaphera.io
          scope: Namespaced
          names: {kind: Gadget, listKind: GadgetList, plural: gadgets, singular: gadget}
          versions:
          - name: v1
            served: true
            storage: true
            subresources: {status: {}}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec: {type: object, x-kubernetes-preserve-unknown-fields: true}
                  status: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """);
    cluster.kubectl("apply", "-f", definition.toString());
    cluster.kubectl("wait", "--for", "condition=established", "--timeout=30s", "-f", definition.toString());
    DynamicKubernetesApi gadgets = new DynamicKubernetesApi("test.kaphera.io", "v1", "gadgets", cluster.client);
    gadgets.create(new DynamicKubernetesObject(JsonParser.parseString("""
        {"apiVersion": "test.kaphera.io/v1", "kind": "Gadget",
         "metadata": {"name": "torque-sensor", "namespace": "kaphera-oem-frankfurt"},
         "spec": {"model": "TS-200"}}""").getAsJsonObject())).throwsApiException();

    JsonObject ready = awaitObject(gadgets, "kaphera-oem-frankfurt", "torque-sensor", o -> o.has("status"));

    assertEquals("Ready", ready.getAsJsonObject("status").get("phase").getAsString());
    assertEquals(1, ready.getAsJsonObject("status").get("observedGeneration").getAsLong());
  }

  @Test
  void reportsAnIdentityHubAsServedByTheDevWalletWithTheDidItsSpecAsksFor() throws Exception {
    DynamicKubernetesApi identityHubs = new DynamicKubernetesApi("edc.kaphera.io", "v1alpha1", "identityhubs", cluster.client);
    String did = "did:web:127.0.0.1%3A7103:logistics-provider-automotive-dataspace";
    String credentialService = "http://127.0.0.1:7102/api/credentials/v1/participants/bG9naXN0aWNz";
    identityHubs.create(new DynamicKubernetesObject(JsonParser.parseString("""
        {"apiVersion": "edc.kaphera.io/v1alpha1", "kind": "IdentityHub",
         "metadata": {"name": "wallet", "namespace": "kaphera-logistics-provider"},
         "spec": {"participantId": "BPNL000000LOG001", "did": "%s", "credentialServiceUrl": "%s", "version": "0.15.1",
                  "postgresInstanceRef": {"name": "wallet-db"},
                  "keys": [{"keyId": "key-1", "algorithm": "ES256", "vaultKeyAlias": "logistics-key-1"}]}}"""
        .formatted(did, credentialService)).getAsJsonObject())).throwsApiException();

    JsonObject ready = awaitObject(identityHubs, "kaphera-logistics-provider", "wallet", o -> o.has("status"));

    JsonObject status = ready.getAsJsonObject("status");
    assertEquals("Ready", status.get("phase").getAsString());
    assertEquals(IDENTITY_API, status.get("identityApiUrl").getAsString());
    assertEquals(did, status.get("did").getAsString());
    assertEquals(credentialService, status.get("credentialServiceUrl").getAsString());
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void stopsWithinTwoSecondsOfSigterm() throws Exception {
    long start = System.nanoTime();
    RealCluster.run(cluster.repo, 30, "scripts/dev-operator.sh", "stop", operatorDir.toString());
    long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();

    assertTrue(elapsedMs < 2000, "stopped after " + elapsedMs + " ms");
    assertTrue(operatorLog().get(operatorLog().size() - 1).endsWith(" dev-operator stopped"));
  }

  private static void stopQuietly() {
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

  private static JsonObject controlPlane(String namespace, String participantId) {
    return JsonParser.parseString("""
        {"apiVersion": "edc.kaphera.io/v1alpha1", "kind": "ControlPlane",
         "metadata": {"name": "connector", "namespace": "%s",
                      "labels": {"app.kubernetes.io/name": "connector",
                                 "app.kubernetes.io/component": "control-plane"}},
         "spec": {"participantId": "%s", "version": "0.10.1", "replicas": 1,
                  "postgresInstanceRef": {"name": "edc-db"}, "identityHubRef": {"name": "wallet"}}}"""
        .formatted(namespace, participantId)).getAsJsonObject();
  }

  private static JsonObject create(JsonObject object) throws Exception {
    return controlPlanes.create(new DynamicKubernetesObject(object)).throwsApiException().getObject().getRaw();
  }

  private static JsonObject get(String namespace) throws Exception {
    return controlPlanes.get(namespace, "connector").throwsApiException().getObject().getRaw();
  }

  private static JsonObject await(String namespace, Predicate<JsonObject> condition) throws Exception {
    return awaitObject(controlPlanes, namespace, "connector", condition);
  }

  private static JsonObject awaitObject(DynamicKubernetesApi api, String namespace, String name,
      Predicate<JsonObject> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      KubernetesApiResponse<DynamicKubernetesObject> answer = api.get(namespace, name).throwsApiException();
      if (condition.test(answer.getObject().getRaw())) {
        return answer.getObject().getRaw();
      }
      Thread.sleep(50);
    }
    throw new AssertionError(namespace + "/" + name + " did not reach the expected state in 15 s; operator log:\n"
        + String.join("\n", operatorLog()));
  }

  private static JsonObject readyCondition(JsonObject object) {
    return object.getAsJsonObject("status").getAsJsonArray("conditions").get(0).getAsJsonObject();
  }

  private static String resourceVersion(JsonObject object) {
    return object.getAsJsonObject("metadata").get("resourceVersion").getAsString();
  }

  private static List<String> operatorLog() throws IOException {
    return Files.readAllLines(operatorDir.resolve("dev-operator.log"));
  }
}
