package com.kaphera.cloud.crd;

import static com.kaphera.cloud.crd.SchemaValidatorTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CustomResourceRulesTest {
    private static final String NS = "kaphera-oem-frankfurt";
    private static final ResourceType TYPE = ResourceType.fromDefinition(json("""
            {"metadata":{"name":"controlplanes.edc.kaphera.io","resourceVersion":"7",
               "labels":{"kaphera.io/operator":"kaphera-edc-operator"}},
             "spec":{"group":"edc.kaphera.io","scope":"Namespaced",
               "names":{"kind":"ControlPlane","plural":"controlplanes","singular":"controlplane","shortNames":["cp"]},
               "versions":[{"name":"v1alpha1","served":true,"storage":true,"subresources":{"status":{}},
                 "schema":{"openAPIV3Schema":{"type":"object","required":["spec"],"properties":{
                   "apiVersion":{"type":"string"},"kind":{"type":"string"},"metadata":{"type":"object"},
                   "spec":{"type":"object","required":["replicas"],"properties":{"replicas":{"type":"integer"}}},
                   "status":{"type":"object"}}}}}]}}
            """)).orElseThrow();

    @Test
    void readsTheTypeFromItsDefinition() {
        assertEquals("controlplanes.edc.kaphera.io", TYPE.id());
        assertEquals("edc.kaphera.io/v1alpha1", TYPE.apiVersion());
        assertEquals("kaphera-edc-operator", TYPE.operator());
        assertEquals(List.of("cp"), TYPE.shortNames());
        assertTrue(TYPE.statusSubresource());
        assertTrue(TYPE.specRequired());
    }

    @Test
    void createFillsTypeAndNamespaceAndKeepsOnlyAllowedFields() {
        JsonObject created = CustomResourceRules.forCreate(TYPE, NS, json("""
                {"metadata":{"name":"connector","labels":{"app.kubernetes.io/name":"edc"},"uid":"ignored"},
                 "spec":{"replicas":1}}"""));
        assertEquals("edc.kaphera.io/v1alpha1", created.getString("apiVersion"));
        assertEquals("ControlPlane", created.getString("kind"));
        assertEquals(NS, created.getJsonObject("metadata").getString("namespace"));
        assertEquals(Optional.empty(), Optional.ofNullable(created.getJsonObject("metadata").get("uid")));
    }

    @Test
    void createRefusesStatusOtherNamespaceReservedLabelsAndBadSpecAllAtOnce() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CustomResourceRules.forCreate(TYPE, NS,
                json("""
                        {"kind":"DataPlane","metadata":{"name":"Bad_Name","namespace":"kaphera-sme-castings",
                           "labels":{"kaphera.io/tenant":"x"},"finalizers":["x"]},
                         "spec":{"replicas":"one"},"status":{"phase":"Ready"}}""")));
        List<String> fields = e.errors().stream().map(FieldError::field).toList();
        assertEquals(List.of("kind", "metadata.finalizers", "metadata.labels.kaphera.io/tenant", "metadata.name",
                "metadata.namespace", "spec.replicas", "status"), fields);
    }

    @Test
    void thePlatformSetsItsOwnLabelsAndAnnotationsAndEverythingElseIsCheckedAsForAUser() {
        JsonObject created = CustomResourceRules.forPlatformCreate(TYPE, NS, json("""
                {"metadata":{"name":"connector","labels":{"kaphera.io/join":"j-1","team":"a"},
                   "annotations":{"edc.kaphera.io/sts-client-secret":"connector-sts/client-secret"}},"spec":{"replicas":1}}"""));
        JsonObject metadata = created.getJsonObject("metadata");
        assertEquals("j-1", metadata.getJsonObject("labels").getString("kaphera.io/join"));
        assertEquals("a", metadata.getJsonObject("labels").getString("team"));
        assertEquals("connector-sts/client-secret", metadata.getJsonObject("annotations").getString("edc.kaphera.io/sts-client-secret"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CustomResourceRules.forPlatformCreate(TYPE, NS,
                json("""
                        {"metadata":{"name":"connector","labels":{"kaphera.io/join":"j-1"}},"spec":{"replicas":"one"}}""")));
        assertEquals(List.of("spec.replicas"), e.errors().stream().map(f -> f.field()).toList());
        // A user's create still may not set them.
        assertThrows(InvalidInputException.class, () -> CustomResourceRules.forCreate(TYPE, NS, json("""
                {"metadata":{"name":"connector","labels":{"kaphera.io/join":"j-1"}},"spec":{"replicas":1}}""")));
    }

    @Test
    void replaceCarriesReservedLabelsAndAcceptsUnchangedStatusOnly() {
        JsonObject current = json("""
                {"metadata":{"name":"connector","namespace":"kaphera-oem-frankfurt","resourceVersion":"5",
                   "labels":{"kaphera.io/join":"j-1","team":"a"}},"spec":{"replicas":1},"status":{"phase":"Ready"}}""");
        JsonObject replaced = CustomResourceRules.forReplace(TYPE, NS, "connector", json("""
                {"metadata":{"name":"connector","labels":{"team":"b"}},"spec":{"replicas":2},"status":{"phase":"Ready"}}"""),
                current);
        assertEquals("j-1", replaced.getJsonObject("metadata").getJsonObject("labels").getString("kaphera.io/join"));
        assertEquals("b", replaced.getJsonObject("metadata").getJsonObject("labels").getString("team"));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CustomResourceRules.forReplace(TYPE,
                NS, "connector", json("""
                        {"metadata":{"name":"other","labels":{"kaphera.io/join":"j-2"}},"spec":{"replicas":2},
                         "status":{"phase":"Failed"}}"""), current));
        assertEquals(List.of("metadata.labels.kaphera.io/join", "metadata.name", "status"),
                e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void replaceKeepsTheOperatorsFinalizersAndOwnerReferences() {
        JsonObject current = json("""
                {"metadata":{"name":"connector","namespace":"kaphera-oem-frankfurt","resourceVersion":"5",
                   "finalizers":["edc.kaphera.io/cleanup"],"ownerReferences":[{"kind":"DataspaceEnablement","name":"ds"}]},
                 "spec":{"replicas":1}}""");
        JsonObject withoutThem = CustomResourceRules.forReplace(TYPE, NS, "connector",
                json("{\"metadata\":{\"name\":\"connector\"},\"spec\":{\"replicas\":2}}"), current);
        assertEquals(current.getJsonObject("metadata").get("finalizers"), withoutThem.getJsonObject("metadata").get("finalizers"));
        assertEquals(current.getJsonObject("metadata").get("ownerReferences"),
                withoutThem.getJsonObject("metadata").get("ownerReferences"));
        // a merge patch is applied to the whole current object, so they come back unchanged: accepted
        CustomResourceRules.forReplace(TYPE, NS, "connector", current, current);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CustomResourceRules.forReplace(TYPE, NS,
                "connector", json("{\"metadata\":{\"name\":\"connector\",\"finalizers\":[]},\"spec\":{\"replicas\":1}}"),
                current));
        assertEquals(List.of("metadata.finalizers"), e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void patchMayNotTouchStatusOrReservedKeys() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CustomResourceRules.checkPatch(json("""
                {"status":null,"metadata":{"annotations":{"cloud.kaphera.io/plan":"x"},"labels":null}}""")));
        assertEquals(List.of("metadata.annotations.cloud.kaphera.io/plan", "metadata.labels", "status"),
                e.errors().stream().map(FieldError::field).sorted().toList());
    }

    @Test
    void managedFieldsAreNotShown() {
        JsonObject shown = CustomResourceRules.forDisplay(json("{\"metadata\":{\"name\":\"a\",\"managedFields\":[]}}"));
        assertEquals(json("{\"metadata\":{\"name\":\"a\"}}"), shown);
    }

    @Test
    void selectorsAreCheckedBeforeKubernetesSeesThem() {
        new ResourceQuery("app.kubernetes.io/name=edc,tier!=db,env in (prod, test),!legacy", "metadata.name=connector",
                10, null);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new ResourceQuery("app=", "spec.replicas=1", null, null));
        assertEquals(List.of("fieldSelector"), e.errors().stream().map(FieldError::field).toList());
        assertThrows(InvalidInputException.class, () -> new ResourceQuery("a b c", null, null, null));
    }
}
