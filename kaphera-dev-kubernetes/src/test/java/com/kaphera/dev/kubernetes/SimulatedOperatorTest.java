package com.kaphera.dev.kubernetes;

import static com.kaphera.dev.kubernetes.StandInFixture.GROUP;
import static com.kaphera.dev.kubernetes.StandInFixture.VERSION;
import static com.kaphera.dev.kubernetes.StandInFixture.widget;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dev-only operator simulation behind --simulate-operator. */
class SimulatedOperatorTest {

  private static StandInFixture k8s;

  @BeforeAll
  static void start() {
    k8s = StandInFixture.start(options -> options.withSimulateOperator(true));
  }

  @AfterAll
  static void stop() {
    k8s.close();
  }

  @Test
  void marksNewKapheraResourcesReadyAboutASecondLater() throws Exception {
    k8s.create(widget("kaphera-oem", "fresh", Map.of(), 1));

    DynamicKubernetesObject ready = awaitWidget("fresh", w -> w.getRaw().has("status"));

    JsonObject status = ready.getRaw().getAsJsonObject("status");
    assertEquals("Ready", status.get("phase").getAsString());
    assertEquals(1, status.get("observedGeneration").getAsInt());
    JsonArray conditions = status.getAsJsonArray("conditions");
    assertEquals("Ready", conditions.get(0).getAsJsonObject().get("type").getAsString());
    assertEquals("True", conditions.get(0).getAsJsonObject().get("status").getAsString());
    assertEquals("Reconciled", conditions.get(0).getAsJsonObject().get("reason").getAsString());
    assertEquals("Progressing", conditions.get(1).getAsJsonObject().get("type").getAsString());
    assertEquals("False", conditions.get(1).getAsJsonObject().get("status").getAsString());
    assertEquals("Degraded", conditions.get(2).getAsJsonObject().get("type").getAsString());
    assertEquals("False", conditions.get(2).getAsJsonObject().get("status").getAsString());
  }

  @Test
  void specChangeIsReconciledOnceAndItsOwnStatusWritesDoNotLoop() throws Exception {
    k8s.create(widget("kaphera-oem", "changing", Map.of(), 1));
    awaitWidget("changing", w -> w.getRaw().has("status"));

    k8s.widgets().patch("kaphera-oem", "changing", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        new V1Patch("{\"spec\":{\"replicas\":2}}"));
    DynamicKubernetesObject reconciled = awaitWidget("changing",
        w -> w.getRaw().getAsJsonObject("status").get("observedGeneration").getAsInt() == 2);
    Thread.sleep(1500);

    DynamicKubernetesObject later = k8s.widgets().get("kaphera-oem", "changing").getObject();
    assertEquals(reconciled.getMetadata().getResourceVersion(), later.getMetadata().getResourceVersion());
    assertEquals(2L, later.getMetadata().getGeneration());
  }

  @Test
  void leavesOtherStatusFieldsAlone() throws Exception {
    DynamicKubernetesObject created = k8s.create(widget("kaphera-oem", "with-endpoints", Map.of(), 1));
    JsonObject withEndpoints = created.getRaw().deepCopy();
    withEndpoints.add("status", JsonParser.parseString("{\"endpoints\":{\"management\":\"https://mgmt.example\"}}"));
    new CustomObjectsApi(k8s.client).replaceNamespacedCustomObjectStatus(GROUP, VERSION, "kaphera-oem", "widgets",
        "with-endpoints", withEndpoints).execute();

    DynamicKubernetesObject ready = awaitWidget("with-endpoints",
        w -> w.getRaw().getAsJsonObject("status").has("phase"));

    assertEquals("https://mgmt.example", ready.getRaw().getAsJsonObject("status").getAsJsonObject("endpoints")
        .get("management").getAsString());
  }

  private static DynamicKubernetesObject awaitWidget(String name, Predicate<DynamicKubernetesObject> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      DynamicKubernetesObject widget = k8s.widgets().get("kaphera-oem", name).getObject();
      if (widget != null && condition.test(widget)) {
        return widget;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("widget " + name + " did not reach the expected state in time");
  }
}
