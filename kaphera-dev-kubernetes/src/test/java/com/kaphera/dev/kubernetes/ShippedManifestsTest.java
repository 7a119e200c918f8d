package com.kaphera.dev.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinitionVersion;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesListObject;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The repository's own CRDs (crds/) and pilot seed (dev/seed/kubernetes), when present, load into the
 * stand-in the way scripts/k8s-standin.sh loads them. Only structure is checked, not particular kinds:
 * those belong to the operators' CRDs and change with them.
 */
class ShippedManifestsTest {

  private static final Path CRDS = Path.of("..", "crds");
  private static final Path SEED = Path.of("..", "dev", "seed", "kubernetes");

  @Test
  void shippedCrdsAreEstablishedAndEveryServedVersionLists() throws ApiException {
    assumeTrue(Files.isDirectory(CRDS), "no crds/ directory in this checkout");
    try (StandInFixture k8s = StandInFixture.start(options -> options.withCrds(CRDS))) {
      List<V1CustomResourceDefinition> crds =
          new ApiextensionsV1Api(k8s.client).listCustomResourceDefinition().execute().getItems();

      assertFalse(crds.isEmpty());
      for (V1CustomResourceDefinition crd : crds) {
        for (DynamicKubernetesApi api : servedCollections(crd, k8s)) {
          KubernetesApiResponse<DynamicKubernetesListObject> list = api.list();
          assertEquals(200, list.getHttpStatusCode(), crd.getMetadata().getName());
        }
      }
    }
  }

  @Test
  void pilotSeedAppliesAndTheSimulatedOperatorMarksEveryResourceReady() throws Exception {
    assumeTrue(Files.isDirectory(CRDS) && Files.isDirectory(SEED), "no crds/ or dev/seed/kubernetes in this checkout");
    try (StandInFixture k8s = StandInFixture.start(options -> options.withCrds(CRDS).withSeed(SEED)
        .withSimulateOperator(true))) {
      List<V1CustomResourceDefinition> crds =
          new ApiextensionsV1Api(k8s.client).listCustomResourceDefinition().execute().getItems();

      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      List<String> notReady;
      int total;
      do {
        Thread.sleep(200);
        notReady = new ArrayList<>();
        total = 0;
        for (V1CustomResourceDefinition crd : crds) {
          for (DynamicKubernetesApi api : servedCollections(crd, k8s)) {
            for (DynamicKubernetesObject item : api.list().getObject().getItems()) {
              total++;
              if (!item.getRaw().has("status")
                  || !"Ready".equals(item.getRaw().getAsJsonObject("status").get("phase").getAsString())) {
                notReady.add(item.getKind() + " " + item.getMetadata().getNamespace() + "/" + item.getMetadata().getName());
              }
            }
          }
        }
      } while (!notReady.isEmpty() && System.nanoTime() < deadline);

      assertFalse(total == 0, "the seed created custom resources");
      assertEquals(List.of(), notReady);
    }
  }

  private static List<DynamicKubernetesApi> servedCollections(V1CustomResourceDefinition crd, StandInFixture k8s) {
    List<DynamicKubernetesApi> apis = new ArrayList<>();
    for (V1CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      if (Boolean.TRUE.equals(version.getServed())) {
        apis.add(new DynamicKubernetesApi(crd.getSpec().getGroup(), version.getName(),
            crd.getSpec().getNames().getPlural(), k8s.client));
      }
    }
    return apis;
  }
}
