package com.kaphera.dev.kubernetes;

import static com.kaphera.dev.kubernetes.StandInFixture.GROUP;
import static com.kaphera.dev.kubernetes.StandInFixture.VERSION;
import static com.kaphera.dev.kubernetes.StandInFixture.resourceVersion;
import static com.kaphera.dev.kubernetes.StandInFixture.widget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.ApiResponse;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Preconditions;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.CreateOptions;
import io.kubernetes.client.util.generic.options.DeleteOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Create, replace, patch, status and delete of custom resources, through client-java only. */
class CustomResourceWritesTest {

  private static StandInFixture k8s;

  @BeforeAll
  static void start() {
    k8s = StandInFixture.start();
  }

  @AfterAll
  static void stop() {
    k8s.close();
  }

  @Test
  void createdWidgetReadsBackWithServerSetMetadata() {
    DynamicKubernetesObject created = k8s.create(widget("oem-frankfurt", "connector", Map.of("tier", "gold"), 2));

    KubernetesApiResponse<DynamicKubernetesObject> read = k8s.widgets().get("oem-frankfurt", "connector");

    assertEquals(200, read.getHttpStatusCode());
    V1ObjectMeta metadata = read.getObject().getMetadata();
    assertEquals("oem-frankfurt", metadata.getNamespace());
    assertEquals(1L, metadata.getGeneration());
    assertNotNull(metadata.getUid());
    assertNotNull(metadata.getCreationTimestamp());
    assertEquals(resourceVersion(created), metadata.getResourceVersion());
    assertEquals(2, read.getObject().getRaw().getAsJsonObject("spec").get("replicas").getAsInt());
  }

  @Test
  void createAnswers201Created() throws ApiException {
    // GenericKubernetesApi reports every success as 200, so this one asks the generated API.
    ApiResponse<Object> created = new CustomObjectsApi(k8s.client).createNamespacedCustomObject(GROUP, VERSION,
        "oem-frankfurt", "widgets", widget("oem-frankfurt", "created-201", Map.of(), 1).getRaw())
        .executeWithHttpInfo();

    assertEquals(201, created.getStatusCode());
  }

  @Test
  void createIgnoresStatusBecauseItBelongsToTheStatusSubresource() {
    DynamicKubernetesObject widget = widget("sme-castings", "with-status", Map.of(), 1);
    widget.getRaw().add("status", JsonParser.parseString("{\"phase\":\"Ready\"}"));

    DynamicKubernetesObject created = k8s.create(widget);

    assertFalse(created.getRaw().has("status"));
  }

  @Test
  void generateNameGetsARandomSuffix() {
    DynamicKubernetesObject widget = widget("sme-castings", "", Map.of(), 1);
    V1ObjectMeta metadata = widget.getMetadata();
    metadata.setName(null);
    metadata.setGenerateName("dataplane-");
    widget.setMetadata(metadata);

    DynamicKubernetesObject created = k8s.create(widget);

    assertTrue(created.getMetadata().getName().matches("dataplane-[a-z0-9]{5}"), created.getMetadata().getName());
  }

  @Test
  void customResourcesNeedNoNamespaceObjectFirst() {
    // The stand-in does not check namespace existence (the real server does): creating works anywhere.
    DynamicKubernetesObject created = k8s.create(widget("never-created-namespace", "w", Map.of(), 1));

    assertEquals("never-created-namespace", created.getMetadata().getNamespace());
  }

  @Test
  void rejectsDuplicateCreateWithAlreadyExists() {
    k8s.create(widget("tier1-de", "twice", Map.of(), 1));

    KubernetesApiResponse<DynamicKubernetesObject> again =
        k8s.widgets().create("tier1-de", widget("tier1-de", "twice", Map.of(), 1), new CreateOptions());

    assertEquals(409, again.getHttpStatusCode());
    assertEquals("AlreadyExists", again.getStatus().getReason());
    assertEquals("widgets.test.kaphera.io \"twice\" already exists", again.getStatus().getMessage());
  }

  @Test
  void replaceWithCurrentResourceVersionBumpsGenerationAndResourceVersion() {
    DynamicKubernetesObject created = k8s.create(widget("tier1-cz", "replaced", Map.of(), 1));
    created.getRaw().getAsJsonObject("spec").addProperty("replicas", 3);

    KubernetesApiResponse<DynamicKubernetesObject> replaced = k8s.widgets().update(created);

    assertEquals(200, replaced.getHttpStatusCode());
    assertEquals(2L, replaced.getObject().getMetadata().getGeneration());
    assertNotEquals(resourceVersion(created), resourceVersion(replaced.getObject()));
    assertEquals(3, replaced.getObject().getRaw().getAsJsonObject("spec").get("replicas").getAsInt());
  }

  @Test
  void rejectsStaleReplaceWithConflict() {
    DynamicKubernetesObject created = k8s.create(widget("tier1-cz", "stale", Map.of(), 1));
    DynamicKubernetesObject first = withResourceVersion(widget("tier1-cz", "stale", Map.of(), 2), created);
    assertEquals(200, k8s.widgets().update(first).getHttpStatusCode());

    DynamicKubernetesObject stale = withResourceVersion(widget("tier1-cz", "stale", Map.of(), 3), created);
    KubernetesApiResponse<DynamicKubernetesObject> answer = k8s.widgets().update(stale);

    assertEquals(409, answer.getHttpStatusCode());
    assertEquals("Conflict", answer.getStatus().getReason());
    assertTrue(answer.getStatus().getMessage().contains("the object has been modified"), answer.getStatus().getMessage());
  }

  @Test
  void rejectsReplaceWithoutResourceVersionAsInvalid() {
    k8s.create(widget("tier1-cz", "unconditional", Map.of(), 1));

    KubernetesApiResponse<DynamicKubernetesObject> answer =
        k8s.widgets().update(widget("tier1-cz", "unconditional", Map.of(), 2));

    assertEquals(422, answer.getHttpStatusCode());
    assertEquals("Invalid", answer.getStatus().getReason());
    assertEquals("Widget.test.kaphera.io \"unconditional\" is invalid: metadata.resourceVersion: Invalid value: 0x0: "
        + "must be specified for an update", answer.getStatus().getMessage());
  }

  @Test
  void concurrentReplacesWithTheSameResourceVersionHaveExactlyOneWinner() throws Exception {
    int contenders = 16;
    DynamicKubernetesObject created = k8s.create(widget("logistics", "race", Map.of(), 0));
    ExecutorService threads = Executors.newFixedThreadPool(contenders);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 1; i <= contenders; i++) {
        DynamicKubernetesObject mine = withResourceVersion(widget("logistics", "race", Map.of(), i), created);
        answers.add(threads.submit(() -> {
          go.await();
          return k8s.widgets().update(mine).getHttpStatusCode();
        }));
      }
      go.countDown();
      List<Integer> codes = new ArrayList<>();
      for (Future<Integer> answer : answers) {
        codes.add(answer.get());
      }

      assertEquals(1, codes.stream().filter(c -> c == 200).count(), codes.toString());
      assertEquals(contenders - 1, codes.stream().filter(c -> c == 409).count(), codes.toString());
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void mergePatchReplacesListsAndRemovesKeysSetToNull() {
    DynamicKubernetesObject created = k8s.create(widget("sme-plastics", "patched", Map.of("tier", "gold", "old", "x"), 1));

    KubernetesApiResponse<DynamicKubernetesObject> patched = k8s.widgets().patch("sme-plastics", "patched",
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        new V1Patch("{\"metadata\":{\"labels\":{\"old\":null}},\"spec\":{\"replicas\":5,\"ports\":[8080]}}"));

    assertEquals(200, patched.getHttpStatusCode());
    assertEquals(Map.of("tier", "gold"), patched.getObject().getMetadata().getLabels());
    JsonObject spec = patched.getObject().getRaw().getAsJsonObject("spec");
    assertEquals(5, spec.get("replicas").getAsInt());
    assertEquals("[8080]", spec.get("ports").toString());
    assertEquals(2L, patched.getObject().getMetadata().getGeneration());
    assertNotEquals(resourceVersion(created), resourceVersion(patched.getObject()));
  }

  @Test
  void rejectsMergePatchCarryingAStaleResourceVersion() {
    DynamicKubernetesObject created = k8s.create(widget("sme-plastics", "patched-stale", Map.of(), 1));
    k8s.widgets().patch("sme-plastics", "patched-stale", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        new V1Patch("{\"spec\":{\"replicas\":2}}"));

    KubernetesApiResponse<DynamicKubernetesObject> stale = k8s.widgets().patch("sme-plastics", "patched-stale",
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, new V1Patch("{\"metadata\":{\"resourceVersion\":\""
            + resourceVersion(created) + "\"},\"spec\":{\"replicas\":3}}"));

    assertEquals(409, stale.getHttpStatusCode());
    assertEquals("Conflict", stale.getStatus().getReason());
  }

  @Test
  void jsonPatchAppliesOperationsInOrder() {
    k8s.create(widget("sme-plastics", "json-patched", Map.of(), 1));

    KubernetesApiResponse<DynamicKubernetesObject> patched = k8s.widgets().patch("sme-plastics", "json-patched",
        V1Patch.PATCH_FORMAT_JSON_PATCH, new V1Patch("[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":1},"
            + "{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4}]"));

    assertEquals(200, patched.getHttpStatusCode());
    assertEquals(4, patched.getObject().getRaw().getAsJsonObject("spec").get("replicas").getAsInt());
  }

  @Test
  void strategicMergePatchOfCustomResourceIsUnsupportedMediaType() {
    k8s.create(widget("sme-plastics", "strategic", Map.of(), 1));

    KubernetesApiResponse<DynamicKubernetesObject> answer = k8s.widgets().patch("sme-plastics", "strategic",
        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, new V1Patch("{\"spec\":{\"replicas\":2}}"));

    assertEquals(415, answer.getHttpStatusCode());
  }

  @Test
  void replaceOfTheMainResourceIgnoresStatus() throws ApiException {
    DynamicKubernetesObject created = k8s.create(widget("oem-frankfurt", "status-kept", Map.of(), 1));
    Object afterStatus = new CustomObjectsApi(k8s.client).replaceNamespacedCustomObjectStatus(GROUP, VERSION,
        "oem-frankfurt", "widgets", "status-kept", withStatus(created, "{\"phase\":\"Ready\"}")).execute();
    DynamicKubernetesObject current = new DynamicKubernetesObject(JsonParser.parseString(
        new Gson().toJson(afterStatus)).getAsJsonObject());

    current.getRaw().add("status", JsonParser.parseString("{\"phase\":\"Hacked\"}"));
    current.getRaw().getAsJsonObject("spec").addProperty("replicas", 2);
    KubernetesApiResponse<DynamicKubernetesObject> replaced = k8s.widgets().update(current);

    assertEquals(200, replaced.getHttpStatusCode());
    assertEquals("Ready", replaced.getObject().getRaw().getAsJsonObject("status").get("phase").getAsString());
  }

  @Test
  void statusUpdateSetsStatusWithoutBumpingGeneration() throws ApiException {
    DynamicKubernetesObject created = k8s.create(widget("oem-frankfurt", "status-only", Map.of(), 1));

    Object updated = new CustomObjectsApi(k8s.client).replaceNamespacedCustomObjectStatus(GROUP, VERSION,
        "oem-frankfurt", "widgets", "status-only", withStatus(created, "{\"phase\":\"Ready\",\"observedGeneration\":1}"))
        .execute();

    JsonObject json = JsonParser.parseString(new Gson().toJson(updated)).getAsJsonObject();
    assertEquals("Ready", json.getAsJsonObject("status").get("phase").getAsString());
    assertEquals(1, json.getAsJsonObject("metadata").get("generation").getAsInt());
    assertNotEquals(resourceVersion(created), json.getAsJsonObject("metadata").get("resourceVersion").getAsString());
  }

  @Test
  void rejectsStatusUpdateWithStaleResourceVersion() {
    DynamicKubernetesObject created = k8s.create(widget("oem-frankfurt", "status-stale", Map.of(), 1));
    k8s.widgets().patch("oem-frankfurt", "status-stale", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        new V1Patch("{\"spec\":{\"replicas\":2}}"));

    ApiException refused = assertThrows(ApiException.class, () ->
        new CustomObjectsApi(k8s.client).replaceNamespacedCustomObjectStatus(GROUP, VERSION, "oem-frankfurt", "widgets",
            "status-stale", withStatus(created, "{\"phase\":\"Ready\"}")).execute());

    assertEquals(409, refused.getCode());
  }

  @Test
  void statusSubresourceOfKindWithoutOneIsNotFound() {
    ApiException refused = assertThrows(ApiException.class, () ->
        new CustomObjectsApi(k8s.client).replaceClusterCustomObjectStatus(GROUP, VERSION, "gizmos", "g",
            JsonParser.parseString("{}")).execute());

    assertEquals(404, refused.getCode());
  }

  @Test
  void deleteReturnsTheObjectAndThenItIsGone() {
    k8s.create(widget("sme-electronics", "deleted", Map.of(), 1));

    KubernetesApiResponse<DynamicKubernetesObject> deleted = k8s.widgets().delete("sme-electronics", "deleted");

    assertEquals(200, deleted.getHttpStatusCode());
    assertEquals("deleted", deleted.getObject().getMetadata().getName());
    KubernetesApiResponse<DynamicKubernetesObject> read = k8s.widgets().get("sme-electronics", "deleted");
    assertEquals(404, read.getHttpStatusCode());
    assertEquals("NotFound", read.getStatus().getReason());
    assertEquals("widgets.test.kaphera.io \"deleted\" not found", read.getStatus().getMessage());
  }

  @Test
  void rejectsDeleteWithStaleResourceVersionPrecondition() {
    DynamicKubernetesObject created = k8s.create(widget("sme-electronics", "guarded", Map.of(), 1));
    k8s.widgets().patch("sme-electronics", "guarded", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        new V1Patch("{\"spec\":{\"replicas\":2}}"));
    DeleteOptions options = new DeleteOptions();
    options.setPreconditions(new V1Preconditions().resourceVersion(resourceVersion(created)));

    KubernetesApiResponse<DynamicKubernetesObject> answer = k8s.widgets().delete("sme-electronics", "guarded", options);

    assertEquals(409, answer.getHttpStatusCode());
    assertEquals("Conflict", answer.getStatus().getReason());
    assertEquals(200, k8s.widgets().get("sme-electronics", "guarded").getHttpStatusCode());
  }

  @Test
  void deleteWithCurrentResourceVersionPreconditionDeletes() {
    DynamicKubernetesObject created = k8s.create(widget("sme-electronics", "guarded-ok", Map.of(), 1));
    DeleteOptions options = new DeleteOptions();
    options.setPreconditions(new V1Preconditions().resourceVersion(resourceVersion(created)));
    options.setPropagationPolicy("Foreground");

    assertEquals(200, k8s.widgets().delete("sme-electronics", "guarded-ok", options).getHttpStatusCode());
    assertEquals(404, k8s.widgets().get("sme-electronics", "guarded-ok").getHttpStatusCode());
  }

  @Test
  void deleteOfObjectWithFinalizerMarksItUntilTheFinalizerIsRemoved() {
    DynamicKubernetesObject widget = widget("sme-electronics", "finalized", Map.of(), 1);
    V1ObjectMeta metadata = widget.getMetadata();
    metadata.setFinalizers(List.of("edc.kaphera.io/cleanup"));
    widget.setMetadata(metadata);
    k8s.create(widget);

    KubernetesApiResponse<DynamicKubernetesObject> marked = k8s.widgets().delete("sme-electronics", "finalized");
    assertEquals(200, marked.getHttpStatusCode());
    assertNotNull(marked.getObject().getMetadata().getDeletionTimestamp());

    DynamicKubernetesObject current = k8s.widgets().get("sme-electronics", "finalized").getObject();
    V1ObjectMeta currentMetadata = current.getMetadata();
    currentMetadata.setFinalizers(List.of());
    current.setMetadata(currentMetadata);
    assertEquals(200, k8s.widgets().update(current).getHttpStatusCode());
    assertEquals(404, k8s.widgets().get("sme-electronics", "finalized").getHttpStatusCode());
  }

  @Test
  void clusterScopedCustomResourcesLiveOutsideNamespaces() {
    DynamicKubernetesObject gizmo = new DynamicKubernetesObject(JsonParser.parseString("{\"apiVersion\":\""
        + GROUP + "/" + VERSION + "\",\"kind\":\"Gizmo\",\"metadata\":{\"name\":\"shared\"},\"spec\":{}}")
        .getAsJsonObject());

    KubernetesApiResponse<DynamicKubernetesObject> created = k8s.gizmos().create(gizmo);

    assertTrue(created.isSuccess());
    assertNull(created.getObject().getMetadata().getNamespace());
    assertEquals(200, k8s.gizmos().get("shared").getHttpStatusCode());
  }

  @Test
  void coreNamespacesCanBeCreatedAndRead() throws ApiException {
    CoreV1Api core = new CoreV1Api(k8s.client);

    core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name("kaphera-oem-frankfurt"))).execute();
    V1Namespace read = core.readNamespace("kaphera-oem-frankfurt").execute();

    assertEquals("kaphera-oem-frankfurt", read.getMetadata().getName());
    assertEquals("Active", read.getStatus().getPhase());
  }

  @Test
  void bodyOfAnotherKindIsBadRequest() {
    DynamicKubernetesObject notAWidget = widget("oem-frankfurt", "impostor", Map.of(), 1);
    notAWidget.setKind("Gizmo");

    KubernetesApiResponse<DynamicKubernetesObject> answer =
        k8s.widgets().create("oem-frankfurt", notAWidget, new CreateOptions());

    assertEquals(400, answer.getHttpStatusCode());
  }

  private static DynamicKubernetesObject withResourceVersion(DynamicKubernetesObject object,
      DynamicKubernetesObject versionOf) {
    object.getRaw().getAsJsonObject("metadata").addProperty("resourceVersion", resourceVersion(versionOf));
    return object;
  }

  private static JsonObject withStatus(DynamicKubernetesObject object, String status) {
    JsonObject copy = object.getRaw().deepCopy();
    copy.add("status", JsonParser.parseString(status));
    return copy;
  }
}
