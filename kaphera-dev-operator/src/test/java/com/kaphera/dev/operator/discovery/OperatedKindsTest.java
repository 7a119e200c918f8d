package com.kaphera.dev.operator.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.kaphera.dev.operator.kubernetes.ResourceKind;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperatedKindsTest {

  @Test
  void establishedKapheraDefinitionWithStatusSubresourceIsOperated() {
    assertEquals(Optional.of(new ResourceKind("edc.kaphera.io", "v1alpha1", "controlplanes", "ControlPlane", true)),
        OperatedKinds.of(definition("edc.kaphera.io", "Namespaced", version("v1alpha1", true, true, true), "True")));
  }

  @Test
  void otherGroupsAreNotOperated() {
    assertTrue(OperatedKinds.of(definition("cert-manager.io", "Namespaced", version("v1", true, true, true), "True"))
        .isEmpty());
    assertTrue(OperatedKinds.of(definition("kaphera.io.example.com", "Namespaced", version("v1", true, true, true),
        "True")).isEmpty());
  }

  @Test
  void kindsWithoutStatusSubresourceAreNotOperated() {
    assertTrue(OperatedKinds.of(definition("edc.kaphera.io", "Namespaced", version("v1alpha1", true, true, false),
        "True")).isEmpty());
  }

  @Test
  void definitionsNotYetEstablishedAreNotOperated() {
    assertTrue(OperatedKinds.of(definition("edc.kaphera.io", "Namespaced", version("v1alpha1", true, true, true),
        "False")).isEmpty());
  }

  @Test
  void prefersTheStorageVersionAmongServedVersionsWithStatus() {
    String versions = version("v1alpha1", true, false, true) + "," + version("v1beta1", true, true, true) + ","
        + version("v1", false, false, true);

    assertEquals("v1beta1", OperatedKinds.of(definition("edc.kaphera.io", "Namespaced", versions, "True"))
        .orElseThrow().version());
  }

  @Test
  void clusterScopedKindsAreOperatedClusterWide() {
    assertEquals(false, OperatedKinds.of(definition("cloud.kaphera.io", "Cluster", version("v1", true, true, true),
        "True")).orElseThrow().namespaced());
  }

  private static String version(String name, boolean served, boolean storage, boolean status) {
    return "{\"name\": \"" + name + "\", \"served\": " + served + ", \"storage\": " + storage
        + (status ? ", \"subresources\": {\"status\": {}}" : "") + "}";
  }

  private static JsonObject definition(String group, String scope, String versions, String established) {
    return JsonParser.parseString("""
        {"metadata": {"name": "controlplanes.%1$s"},
         "spec": {"group": "%1$s", "scope": "%2$s", "versions": [%3$s],
                  "names": {"kind": "ControlPlane", "plural": "controlplanes"}},
         "status": {"conditions": [{"type": "NamesAccepted", "status": "True"},
                                   {"type": "Established", "status": "%4$s"}]}}"""
        .formatted(group, scope, versions, established)).getAsJsonObject();
  }
}
