package com.kaphera.dev.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --seed: multi-document YAML applied through the API after the CRDs. */
class ManifestLoadingTest {

  @TempDir
  Path seed;

  @Test
  void seedAppliesNamespacesCustomResourcesWithStatusListsAndBuiltInKinds() throws Exception {
    Files.writeString(seed.resolve("10-widgets.yaml"), """
        # the widget comes first in the file, its namespace after: namespaces are applied first anyway
        apiVersion: test.kaphera.io/v1alpha1
        kind: Widget
        metadata:
          name: connector
          namespace: kaphera-oem-frankfurt
        spec: {replicas: 1}
        status:
          phase: Ready
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: kaphera-oem-frankfurt
        ---
        apiVersion: v1
        kind: List
        items:
          - apiVersion: test.kaphera.io/v1alpha1
            kind: Widget
            metadata: {name: from-list, namespace: kaphera-oem-frankfurt}
            spec: {replicas: 2}
        """);
    Files.writeString(seed.resolve("20-rbac.yml"), """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: kaphera-cloud-server-tenant
        rules:
          - apiGroups: [edc.kaphera.io]
            resources: [controlplanes]
            verbs: [get, list, watch]
        """);

    try (StandInFixture k8s = StandInFixture.start(options -> options.withSeed(seed))) {
      DynamicKubernetesObject connector = k8s.widgets().get("kaphera-oem-frankfurt", "connector").getObject();
      assertEquals("Ready", connector.getRaw().getAsJsonObject("status").get("phase").getAsString());
      assertEquals(200, k8s.widgets().get("kaphera-oem-frankfurt", "from-list").getHttpStatusCode());
      assertEquals("Active", new CoreV1Api(k8s.client).readNamespace("kaphera-oem-frankfurt").execute()
          .getStatus().getPhase());
      V1ClusterRole role = new RbacAuthorizationV1Api(k8s.client).readClusterRole("kaphera-cloud-server-tenant")
          .execute();
      assertEquals("controlplanes", role.getRules().get(0).getResources().get(0));
    }
  }

  @Test
  void startFailsNamingTheManifestWhenAKindHasNoDefinition() throws Exception {
    Files.writeString(seed.resolve("unknown.yaml"), """
        apiVersion: nowhere.example.com/v1
        kind: Mystery
        metadata: {name: m, namespace: default}
        """);

    IllegalStateException failure = assertThrows(IllegalStateException.class,
        () -> StandInFixture.start(options -> options.withSeed(seed)));

    assertTrue(failure.getMessage().contains("unknown.yaml"), failure.getMessage());
    assertTrue(failure.getMessage().contains("Mystery"), failure.getMessage());
  }
}
