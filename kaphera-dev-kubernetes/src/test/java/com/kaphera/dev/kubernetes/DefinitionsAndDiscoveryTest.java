package com.kaphera.dev.kubernetes;

import static com.kaphera.dev.kubernetes.StandInFixture.GROUP;
import static com.kaphera.dev.kubernetes.StandInFixture.VERSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.ApisApi;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.openapi.models.V1APIResource;
import io.kubernetes.client.openapi.models.V1APIResourceList;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinitionList;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinitionNames;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinitionSpec;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinitionVersion;
import io.kubernetes.client.openapi.models.V1CustomResourceSubresources;
import io.kubernetes.client.openapi.models.V1CustomResourceValidation;
import io.kubernetes.client.openapi.models.V1JSONSchemaProps;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.VersionInfo;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CRDs, discovery and version. client-java's typed models reject unknown fields, so reading them
 * typed also proves the stand-in's JSON is faithful to the real API's.
 */
class DefinitionsAndDiscoveryTest {

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
  void crdsFromTheManifestDirectoryAreListedAndEstablished() throws ApiException {
    V1CustomResourceDefinitionList list = new ApiextensionsV1Api(k8s.client).listCustomResourceDefinition().execute();

    V1CustomResourceDefinition widgets = list.getItems().stream()
        .filter(crd -> crd.getMetadata().getName().equals("widgets.test.kaphera.io")).findFirst().orElseThrow();
    assertTrue(widgets.getStatus().getConditions().stream()
        .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True")));
    assertEquals("Widget", widgets.getStatus().getAcceptedNames().getKind());
    assertEquals(List.of(VERSION), widgets.getStatus().getStoredVersions());
  }

  @Test
  void crdCreatedThroughTheApiServesItsResourcesAtOnce() throws ApiException {
    createGadgetDefinition(k8s.client);
    DynamicKubernetesApi gadgets = new DynamicKubernetesApi(GROUP, "v1", "gadgets", k8s.client);

    KubernetesApiResponse<DynamicKubernetesObject> created = gadgets.create(new DynamicKubernetesObject(
        JsonParser.parseString("{\"apiVersion\":\"test.kaphera.io/v1\",\"kind\":\"Gadget\",\"metadata\":"
            + "{\"name\":\"g1\",\"namespace\":\"kaphera-oem\"},\"spec\":{\"size\":1}}").getAsJsonObject()));

    assertTrue(created.isSuccess(), String.valueOf(created.getStatus()));
    assertEquals(200, gadgets.list("kaphera-oem").getHttpStatusCode());
  }

  @Test
  void unknownResourceIsNotFound() {
    KubernetesApiResponse<DynamicKubernetesObject> answer =
        new DynamicKubernetesApi(GROUP, VERSION, "wigdets", k8s.client).get("kaphera-oem", "x");

    assertEquals(404, answer.getHttpStatusCode());
    assertEquals("the server could not find the requested resource", answer.getStatus().getMessage());
  }

  @Test
  void versionLooksLikeAKubernetesVersion() throws ApiException {
    VersionInfo version = new VersionApi(k8s.client).getCode().execute();

    assertEquals("v1.31.0-kaphera-standin", version.getGitVersion());
    assertEquals("1", version.getMajor());
  }

  @Test
  void discoveryListsCustomGroupsAndTheirResources() throws ApiException {
    assertTrue(new ApisApi(k8s.client).getAPIVersions().execute().getGroups().stream()
        .anyMatch(group -> group.getName().equals(GROUP)));

    V1APIResourceList resources = new CustomObjectsApi(k8s.client).getAPIResources(GROUP, VERSION).execute();

    V1APIResource widgets = resources.getResources().stream().filter(r -> r.getName().equals("widgets"))
        .findFirst().orElseThrow();
    assertEquals("Widget", widgets.getKind());
    assertTrue(widgets.getNamespaced());
    assertTrue(resources.getResources().stream().anyMatch(r -> r.getName().equals("widgets/status")));
  }

  @Test
  void readinessAndLivenessAnswerOk() throws Exception {
    ApiClient client = k8s.client;
    for (String path : List.of("/readyz", "/livez")) {
      okhttp3.Request request = new okhttp3.Request.Builder().url(k8s.standIn.url() + path).build();
      try (okhttp3.Response response = client.getHttpClient().newCall(request).execute()) {
        assertEquals(200, response.code());
        assertEquals("ok", response.body().string());
      }
    }
  }

  @Test
  void dryRunIsRefusedRatherThanSilentlyPersisted() {
    ApiException refused = assertThrows(ApiException.class, () -> new CustomObjectsApi(k8s.client)
        .createNamespacedCustomObject(GROUP, VERSION, "kaphera-oem", "widgets", JsonParser.parseString(
            "{\"apiVersion\":\"test.kaphera.io/v1alpha1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"dry\"}}"))
        .dryRun("All").execute());

    assertEquals(400, refused.getCode());
  }

  /** A namespaced Gadget kind in version v1 with a status subresource, created through the API. */
  static void createGadgetDefinition(ApiClient client) throws ApiException {
    V1CustomResourceDefinition crd = new V1CustomResourceDefinition()
        .apiVersion("apiextensions.k8s.io/v1").kind("CustomResourceDefinition")
        .metadata(new V1ObjectMeta().name("gadgets.test.kaphera.io"))
        .spec(new V1CustomResourceDefinitionSpec().group(GROUP).scope("Namespaced")
            .names(new V1CustomResourceDefinitionNames().plural("gadgets").singular("gadget").kind("Gadget"))
            .versions(List.of(new V1CustomResourceDefinitionVersion().name("v1").served(true).storage(true)
                .subresources(new V1CustomResourceSubresources().status(new java.util.HashMap<>()))
                .schema(new V1CustomResourceValidation().openAPIV3Schema(
                    new V1JSONSchemaProps().type("object").xKubernetesPreserveUnknownFields(true))))));
    new ApiextensionsV1Api(client).createCustomResourceDefinition(crd).execute();
  }
}
