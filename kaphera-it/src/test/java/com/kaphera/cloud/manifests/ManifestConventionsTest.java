package com.kaphera.cloud.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1CustomResourceColumnDefinition;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinitionNames;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinitionVersion;
import io.kubernetes.client.openapi.models.V1JSONSchemaProps;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.util.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The conventions of the manifests outside the Java modules that no API server checks: the
 * operators' CRDs ({@code crds/}), the server's RBAC ({@code deploy/kubernetes/}) and the pilot's
 * dev seed ({@code dev/seed/kubernetes/}). Whether a real kube-apiserver accepts them — CRD schemas,
 * seed documents against those schemas — is {@link ShippedManifestsIT}'s job.
 *
 * <p>CRDs are parsed strictly into client-java's {@link V1CustomResourceDefinition} (an unknown field
 * fails), then their schemas are walked as plain maps, because {@code items} and
 * {@code additionalProperties} are untyped in the model.
 *
 * <p>The repository is {@code -Dkaphera.it.repo} (kaphera-it/pom.xml sets it), else {@code ..}.
 */
class ManifestConventionsTest {

    static final Map<String, String> OPERATOR_BY_GROUP = Map.of(
            "edc.kaphera.io", "kaphera-edc-operator",
            "enablement.kaphera.io", "kaphera-edc-enablement-operator",
            "cloud.kaphera.io", "kaphera-cloud-operator");
    static final List<String> PHASES = List.of("Pending", "Provisioning", "Ready", "Degraded", "Deleting", "Failed");
    static final String READY_PATH = ".status.conditions[?(@.type==\"Ready\")].status";
    static final List<String> TENANT_VERBS = List.of("get", "list", "watch", "create", "update", "patch", "delete");

    /** Names that suggest a secret value; such a property may only reference a Secret. */
    static final Pattern SECRET_LIKE = Pattern.compile("(?i).*(password|secret|token|privatekey|apikey).*");

    /** The schema keywords these CRDs may use; anything else is a typo or a forbidden escape hatch. */
    static final Set<String> SCHEMA_KEYWORDS = Set.of("type", "description", "properties", "required", "items",
            "enum", "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems",
            "maxProperties", "additionalProperties", "format", "default", "anyOf", "x-kubernetes-int-or-string",
            "x-kubernetes-list-type", "x-kubernetes-list-map-keys");

    /** Spec references between kinds: field → the kind it must name, in the same namespace. */
    static final Map<String, String> REFERENCES = Map.of(
            "controlPlaneRef", "ControlPlane",
            "dataPlaneRefs", "DataPlane",
            "identityHubRef", "IdentityHub",
            "postgresInstanceRef", "PostgresInstance",
            "vaultRef", "VaultInstance",
            "dataspaceEnablementRef", "DataspaceEnablement");

    // ------------------------------------------------------------------------------------ loading

    static Path repo(String... relative) {
        return Path.of(System.getProperty("kaphera.it.repo", "..")).resolve(Path.of("", relative)).normalize();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> yamlFiles(Path dir) {
        assertTrue(Files.isDirectory(dir), dir.toAbsolutePath() + " is not a directory");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Plain YAML documents (maps), empty documents dropped. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(Path file) {
        var yaml = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions()));
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : yaml.loadAll(read(file))) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    /** The organisations of the pilot, by slug (scripts/pilot-organisations.txt). */
    static Set<String> pilotSlugs() {
        return read(repo("scripts", "pilot-organisations.txt")).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("\\|")[0].trim())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    record Crd(Path file, V1CustomResourceDefinition model, Map<String, Object> raw) {
        String group() {
            return model.getSpec().getGroup();
        }

        V1CustomResourceDefinitionNames names() {
            return model.getSpec().getNames();
        }

        V1CustomResourceDefinitionVersion storageVersion() {
            return model.getSpec().getVersions().stream().filter(V1CustomResourceDefinitionVersion::getStorage)
                    .findFirst().orElseThrow();
        }

        /** The raw openAPIV3Schema of a version, as a map tree. */
        Map<String, Object> schema(String version) {
            var v = list(map(raw.get("spec")).get("versions")).stream().map(ManifestConventionsTest::map)
                    .filter(x -> version.equals(x.get("name"))).findFirst().orElseThrow();
            return map(map(v.get("schema")).get("openAPIV3Schema"));
        }

        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    static Crd loadCrd(Path file) {
        Object parsed;
        try {
            parsed = Yaml.load(read(file));
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(file + " does not parse strictly as a Kubernetes object: " + e.getMessage(), e);
        }
        var docs = documents(file);
        assertEquals(1, docs.size(), file + ": one CRD per file");
        return new Crd(file, assertInstanceOf(V1CustomResourceDefinition.class, parsed, file.toString()), docs.get(0));
    }

    static List<Crd> crds;

    static synchronized List<Crd> crds() {
        if (crds == null) {
            crds = yamlFiles(repo("crds")).stream().map(ManifestConventionsTest::loadCrd).toList();
        }
        return crds;
    }

    static Stream<Crd> eachCrd() {
        return crds().stream();
    }

    static Stream<Path> eachSeedFile() {
        return yamlFiles(repo("dev", "seed", "kubernetes")).stream();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }

    // ------------------------------------------------------------------------------------ CRDs

    @Test
    void everyOperatorGroupHasCrdsAndKindsAreUnambiguous() {
        assertFalse(crds().isEmpty(), "no CRDs in " + repo("crds"));
        assertEquals(OPERATOR_BY_GROUP.keySet(), crds().stream().map(Crd::group).collect(Collectors.toSet()));
        Map<String, String> owner = new HashMap<>();
        for (Crd crd : crds()) {
            var n = crd.names();
            var names = new ArrayList<String>(List.of(n.getPlural(), n.getSingular(), n.getKind().toLowerCase()));
            names.addAll(n.getShortNames());
            for (String name : new TreeSet<>(names)) {
                String previous = owner.putIfAbsent(name, n.getKind());
                assertTrue(previous == null || previous.equals(n.getKind()),
                        "'" + name + "' names both " + previous + " and " + n.getKind());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eachCrd")
    void crdIsANamespacedKapheraKind(Crd crd) {
        var spec = crd.model().getSpec();
        var names = crd.names();
        String group = crd.group();
        assertTrue(OPERATOR_BY_GROUP.containsKey(group), "unknown group " + group);
        assertEquals(group + "_" + names.getPlural() + ".yaml", crd.file().getFileName().toString());
        assertEquals(names.getPlural() + "." + group, crd.model().getMetadata().getName());
        assertEquals("Namespaced", spec.getScope());
        assertEquals(names.getKind().toLowerCase(), names.getSingular());
        assertFalse(names.getShortNames() == null || names.getShortNames().isEmpty(), "shortNames");
        assertTrue(names.getCategories().contains("kaphera"), "category kaphera");
        assertTrue(names.getCategories().size() >= 2, "an operator-specific category besides kaphera");

        var labels = crd.model().getMetadata().getLabels();
        assertEquals("kaphera", labels.get("app.kubernetes.io/part-of"));
        assertEquals(OPERATOR_BY_GROUP.get(group), labels.get("kaphera.io/operator"));
        var displayName = crd.model().getMetadata().getAnnotations().get("kaphera.io/display-name");
        assertTrue(displayName != null && !displayName.isBlank(), "kaphera.io/display-name");

        var versions = spec.getVersions();
        assertEquals(1, versions.stream().filter(V1CustomResourceDefinitionVersion::getStorage).count(),
                "exactly one storage version");
        for (var v : versions) {
            assertTrue(v.getServed(), v.getName() + " served");
            assertNotNull(v.getSubresources(), v.getName() + " subresources");
            assertNotNull(v.getSubresources().getStatus(), v.getName() + " status subresource");
            var columns = v.getAdditionalPrinterColumns().stream()
                    .collect(Collectors.toMap(V1CustomResourceColumnDefinition::getName, c -> c));
            assertEquals(READY_PATH, columns.get("Ready").getJsonPath(), "Ready column");
            assertEquals(".metadata.creationTimestamp", columns.get("Age").getJsonPath(), "Age column");
            assertEquals("date", columns.get("Age").getType());
        }
    }

    /**
     * The API server owns {@code metadata}'s schema: a CRD whose schema says more about it than
     * {@code type: object} (a description, properties) is refused as a whole.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("eachCrd")
    void schemaLeavesMetadataToTheApiServer(Crd crd) {
        for (var v : crd.model().getSpec().getVersions()) {
            assertEquals(Map.of("type", "object"), map(crd.schema(v.getName()).get("properties")).get("metadata"),
                    v.getName() + ": metadata");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eachCrd")
    void schemaHasSpecAndStandardStatus(Crd crd) {
        V1JSONSchemaProps root = crd.storageVersion().getSchema().getOpenAPIV3Schema();
        assertEquals("object", root.getType());
        assertTrue(root.getRequired().contains("spec"), "spec is required");
        assertEquals(Set.of("apiVersion", "kind", "metadata", "spec", "status"), root.getProperties().keySet());

        var spec = root.getProperties().get("spec");
        assertFalse(spec.getRequired() == null || spec.getRequired().isEmpty(), "spec lists required fields");

        var status = root.getProperties().get("status").getProperties();
        assertEquals("integer", status.get("observedGeneration").getType());
        assertEquals("int64", status.get("observedGeneration").getFormat());
        assertEquals(PHASES, status.get("phase").getEnum());

        var conditions = status.get("conditions");
        assertEquals("array", conditions.getType());
        assertEquals("map", conditions.getxKubernetesListType());
        assertEquals(List.of("type"), conditions.getxKubernetesListMapKeys());
        for (String type : List.of("Ready", "Progressing", "Degraded")) {
            assertTrue(conditions.getDescription().contains(type), "conditions document the " + type + " type");
        }
        var condition = map(crd.schema(crd.storageVersion().getName()));
        condition = map(map(map(map(map(condition.get("properties")).get("status")).get("properties"))
                .get("conditions")).get("items"));
        var props = map(condition.get("properties"));
        assertTrue(props.keySet().containsAll(
                Set.of("type", "status", "reason", "message", "lastTransitionTime", "observedGeneration")));
        assertTrue(list(condition.get("required")).containsAll(List.of("type", "status")));
        assertEquals(List.of("True", "False", "Unknown"), map(props.get("status")).get("enum"));
        assertEquals("date-time", map(props.get("lastTransitionTime")).get("format"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eachCrd")
    void everyPropertyIsTypedDescribedAndHoldsNoSecretValue(Crd crd) {
        List<String> problems = new ArrayList<>();
        for (var v : crd.model().getSpec().getVersions()) {
            checkSchema(crd.schema(v.getName()), v.getName(), "", problems);
        }
        assertTrue(problems.isEmpty(), crd + ":\n  " + String.join("\n  ", problems));
    }

    static void checkSchema(Map<String, Object> node, String name, String path, List<String> problems) {
        if (path.equals(".metadata")) {
            return; // the API server's; see schemaLeavesMetadataToTheApiServer
        }
        String at = path.isEmpty() ? "<root>" : path;
        for (String key : node.keySet()) {
            if (!SCHEMA_KEYWORDS.contains(key)) {
                problems.add(at + ": keyword '" + key + "' is not allowed");
            }
        }
        boolean intOrString = Boolean.TRUE.equals(node.get("x-kubernetes-int-or-string"));
        Object type = node.get("type");
        if (type == null && !intOrString) {
            problems.add(at + ": no type");
        }
        if (intOrString && (type != null || !List.of(Map.of("type", "integer"), Map.of("type", "string"))
                .equals(node.get("anyOf")))) {
            problems.add(at + ": int-or-string must be anyOf [integer, string] without type");
        }
        if (!intOrString && node.containsKey("anyOf")) {
            problems.add(at + ": anyOf only for int-or-string");
        }
        if (!(node.get("description") instanceof String d) || d.isBlank()) {
            problems.add(at + ": no description");
        }
        if ("object".equals(type) && !node.containsKey("properties") && !node.containsKey("additionalProperties")) {
            problems.add(at + ": object without properties");
        }
        var properties = map(node.get("properties"));
        for (Object required : list(node.get("required"))) {
            if (!properties.containsKey(required)) {
                problems.add(at + ": required '" + required + "' is not a property");
            }
        }
        if (node.containsKey("pattern")) {
            try {
                Pattern.compile((String) node.get("pattern"));
            } catch (RuntimeException e) {
                problems.add(at + ": pattern does not compile");
            }
        }
        if ("map".equals(node.get("x-kubernetes-list-type"))) {
            var itemRequired = list(map(node.get("items")).get("required"));
            for (Object key : list(node.get("x-kubernetes-list-map-keys"))) {
                if (!itemRequired.contains(key)) {
                    problems.add(at + ": list map key '" + key + "' must be required");
                }
            }
        }
        checkSecretLike(node, name, at, problems);

        for (var p : properties.entrySet()) {
            checkSchema(map(p.getValue()), p.getKey(), path + "." + p.getKey(), problems);
        }
        if (node.get("items") instanceof Map<?, ?> items) {
            checkSchema(map(items), name + "[]", path + "[]", problems);
        }
        if (node.get("additionalProperties") instanceof Map<?, ?> additional) {
            if (!"string".equals(additional.get("type"))) {
                problems.add(at + ": free-form maps must be string → string");
            }
        } else if (node.containsKey("additionalProperties")) {
            problems.add(at + ": additionalProperties must be a schema");
        }
    }

    /**
     * A property named like a secret value must not be able to hold one: it is a reference
     * ({@code ...Ref}, {@code ...Refs}), an object with a {@code secretKeyRef}, or a number/flag (a
     * lifespan, say). Every {@code secretKeyRef} is exactly {name, key}.
     */
    static void checkSecretLike(Map<String, Object> node, String name, String at, List<String> problems) {
        Object type = node.get("type");
        var properties = map(node.get("properties"));
        if (name.equals("secretKeyRef")) {
            if (!properties.keySet().equals(Set.of("name", "key"))
                    || !Set.copyOf(list(node.get("required"))).equals(Set.of("name", "key"))) {
                problems.add(at + ": secretKeyRef must be exactly {name, key}, both required");
            }
            return;
        }
        if (!SECRET_LIKE.matcher(name).matches() || name.endsWith("[]")) {
            return;
        }
        boolean reference = (name.endsWith("Ref") || name.endsWith("Refs"))
                && ("object".equals(type) || "array".equals(type));
        boolean fromSecret = "object".equals(type) && properties.containsKey("secretKeyRef")
                && list(node.get("required")).contains("secretKeyRef");
        boolean notAValue = "integer".equals(type) || "boolean".equals(type);
        if (!reference && !fromSecret && !notAValue) {
            problems.add(at + ": '" + name + "' looks like a secret value; reference a Secret (secretKeyRef) instead");
        }
    }

    @Test
    void aSecretLikeStringIsFlaggedButASecretLikeLifespanIsNot() {
        List<String> problems = new ArrayList<>();
        checkSecretLike(Map.of("type", "string", "description", "x"), "clientSecret", ".clientSecret", problems);
        checkSecretLike(Map.of("type", "integer", "description", "x"), "accessTokenSeconds", ".a", problems);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(".clientSecret:"), problems.toString());
    }

    // ------------------------------------------------------------------------------------ seed

    record Seeded(Path file, int index, Map<String, Object> doc) {
        Map<String, Object> metadata() {
            return map(doc.get("metadata"));
        }

        String kind() {
            return String.valueOf(doc.get("kind"));
        }

        String name() {
            return String.valueOf(metadata().get("name"));
        }

        String id() {
            return file.getFileName() + "#" + index + " " + kind() + "/" + name();
        }
    }

    static List<Seeded> seeded(Path file) {
        var docs = documents(file);
        assertFalse(docs.isEmpty(), file + " is empty");
        List<Seeded> seeded = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            seeded.add(new Seeded(file, i, docs.get(i)));
        }
        return seeded;
    }

    static boolean served(String apiVersion, String kind) {
        String[] gv = apiVersion.split("/", 2);
        return crds().stream()
                .filter(c -> gv.length == 2 && c.group().equals(gv[0]) && c.names().getKind().equals(kind))
                .anyMatch(c -> c.model().getSpec().getVersions().stream()
                        .anyMatch(v -> v.getName().equals(gv[1]) && v.getServed()));
    }

    @Test
    void seedHasOneFilePerPilotOrganisation() {
        Set<String> files = eachSeedFile().map(f -> f.getFileName().toString().replaceFirst("\\.yaml$", ""))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(pilotSlugs(), files);
    }

    /**
     * What the API server would accept but the seed must not do: put a resource into another
     * organisation's namespace, carry status (the operators'), use the platform's labels, or name two
     * resources of a kind alike (the second would silently replace the first).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("eachSeedFile")
    void seedDocumentsAreKapheraKindsInTheirOrganisationsNamespace(Path file) {
        String namespace = "kaphera-" + file.getFileName().toString().replaceFirst("\\.yaml$", "");
        List<String> problems = new ArrayList<>();
        Set<String> kindAndName = new HashSet<>();
        for (Seeded s : seeded(file)) {
            if (!served(String.valueOf(s.doc().get("apiVersion")), s.kind())) {
                problems.add(s.id() + ": no CRD in crds/ serves " + s.doc().get("apiVersion") + " " + s.kind());
            }
            if (!kindAndName.add(s.kind() + "/" + s.name())) {
                problems.add(s.id() + ": duplicate name");
            }
            if (!namespace.equals(s.metadata().get("namespace"))) {
                problems.add(s.id() + ": namespace must be " + namespace);
            }
            if (s.doc().containsKey("status")) {
                problems.add(s.id() + ": status is the operator's, not the seed's");
            }
            for (String label : map(s.metadata().get("labels")).keySet()) {
                if (label.startsWith("kaphera.io/")) {
                    problems.add(s.id() + ": label " + label + " is reserved for the platform");
                }
            }
        }
        assertTrue(problems.isEmpty(), file + ":\n  " + String.join("\n  ", problems));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eachSeedFile")
    void seedReferencesNameAResourceOfTheRightKindInTheSameFile(Path file) {
        List<Seeded> seeded = seeded(file);
        Map<String, Set<String>> namesByKind = seeded.stream().collect(Collectors.groupingBy(Seeded::kind,
                Collectors.mapping(Seeded::name, Collectors.toSet())));
        List<String> problems = new ArrayList<>();
        for (Seeded s : seeded) {
            var spec = map(s.doc().get("spec"));
            for (var ref : REFERENCES.entrySet()) {
                Object value = spec.get(ref.getKey());
                List<Object> refs = value instanceof List<?> l ? list(l) : value == null ? List.of() : List.of(value);
                for (Object r : refs) {
                    Object name = map(r).get("name");
                    if (!namesByKind.getOrDefault(ref.getValue(), Set.of()).contains(String.valueOf(name))) {
                        problems.add(s.id() + ": " + ref.getKey() + " names " + ref.getValue() + "/" + name
                                + ", which is not in " + file.getFileName());
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), file + ":\n  " + String.join("\n  ", problems));
    }

    // ------------------------------------------------------------------------------------ RBAC

    @Test
    void tenantRoleCoversEveryKindOnlyReadsStatusAndNeverReadsSecrets() throws IOException {
        var objects = Yaml.loadAll(read(repo("deploy", "kubernetes", "rbac.yaml")));
        Map<String, V1ClusterRole> roles = new HashMap<>();
        List<V1ClusterRoleBinding> clusterBindings = new ArrayList<>();
        boolean serviceAccount = false;
        boolean namespace = false;
        for (Object o : objects) {
            if (o instanceof V1ClusterRole r) {
                roles.put(r.getMetadata().getName(), r);
            } else if (o instanceof V1ClusterRoleBinding b) {
                clusterBindings.add(b);
            } else if (o instanceof V1ServiceAccount sa) {
                serviceAccount = "kaphera-cloud-server".equals(sa.getMetadata().getName())
                        && "kaphera-system".equals(sa.getMetadata().getNamespace());
            } else if (o instanceof V1Namespace ns) {
                namespace |= "kaphera-system".equals(ns.getMetadata().getName());
            } else {
                fail("unexpected object in rbac.yaml: " + o.getClass().getSimpleName());
            }
        }
        assertTrue(namespace, "namespace kaphera-system");
        assertTrue(serviceAccount, "service account kaphera-system/kaphera-cloud-server");

        // The only cluster-wide right: reading CRDs.
        var reader = roles.get("kaphera-cloud-server-crd-reader");
        assertNotNull(reader, "ClusterRole kaphera-cloud-server-crd-reader");
        assertEquals(1, reader.getRules().size());
        var rule = reader.getRules().get(0);
        assertEquals(List.of("apiextensions.k8s.io"), rule.getApiGroups());
        assertEquals(List.of("customresourcedefinitions"), rule.getResources());
        assertEquals(Set.of("get", "list", "watch"), Set.copyOf(rule.getVerbs()));
        assertEquals(List.of("kaphera-cloud-server-crd-reader"),
                clusterBindings.stream().map(b -> b.getRoleRef().getName()).toList(),
                "only the CRD reader is bound cluster-wide");

        // Tenant rights: every kind's verbs, status get-only, nothing else, no wildcards.
        var tenant = roles.get("kaphera-cloud-server-tenant");
        assertNotNull(tenant, "ClusterRole kaphera-cloud-server-tenant");
        Map<String, Set<String>> granted = new HashMap<>();
        for (V1PolicyRule r : tenant.getRules()) {
            for (String group : r.getApiGroups()) {
                for (String resource : r.getResources()) {
                    assertFalse(group.contains("*") || resource.contains("*") || r.getVerbs().contains("*"),
                            "no wildcards in the tenant role");
                    granted.computeIfAbsent(resource + "." + group, k -> new TreeSet<>()).addAll(r.getVerbs());
                }
            }
        }
        Map<String, Set<String>> expected = new HashMap<>();
        for (Crd crd : crds()) {
            expected.put(crd.names().getPlural() + "." + crd.group(), new TreeSet<>(TENANT_VERBS));
            expected.put(crd.names().getPlural() + "/status." + crd.group(), new TreeSet<>(List.of("get")));
        }
        // The join flow writes the Secrets a connector needs (its management key, its wallet's STS secret):
        // write only, never read.
        expected.put("secrets.", new TreeSet<>(List.of("create", "delete", "update")));
        List<String> differences = new ArrayList<>();
        for (String resource : new TreeSet<>(expected.keySet())) {
            if (!expected.get(resource).equals(granted.get(resource))) {
                differences.add(resource + ": expected " + expected.get(resource) + ", granted "
                        + granted.getOrDefault(resource, Set.of()));
            }
        }
        for (String resource : new TreeSet<>(granted.keySet())) {
            if (!expected.containsKey(resource)) {
                differences.add(resource + ": granted " + granted.get(resource) + ", but no CRD in crds/ has it");
            }
        }
        assertTrue(differences.isEmpty(), "kaphera-cloud-server-tenant:\n  " + String.join("\n  ", differences));
    }

    @Test
    void organisationTemplateBindsTheTenantRoleInItsNamespaceOnly() throws IOException {
        String template = read(repo("deploy", "kubernetes", "organisation-namespace.yaml"));
        assertTrue(template.contains("${SLUG}"), "the template uses ${SLUG}");
        var objects = Yaml.loadAll(template.replace("${SLUG}", "oem-frankfurt"));
        assertEquals(2, objects.size());
        var ns = assertInstanceOf(V1Namespace.class, objects.get(0));
        assertEquals("kaphera-oem-frankfurt", ns.getMetadata().getName());
        assertEquals("oem-frankfurt", ns.getMetadata().getLabels().get("kaphera.io/organisation"));
        var binding = assertInstanceOf(V1RoleBinding.class, objects.get(1));
        assertEquals("kaphera-oem-frankfurt", binding.getMetadata().getNamespace());
        assertEquals("ClusterRole", binding.getRoleRef().getKind());
        assertEquals("kaphera-cloud-server-tenant", binding.getRoleRef().getName());
        assertEquals(1, binding.getSubjects().size());
        var subject = binding.getSubjects().get(0);
        assertEquals(List.of("ServiceAccount", "kaphera-cloud-server", "kaphera-system"),
                List.of(subject.getKind(), subject.getName(), subject.getNamespace()));
    }
}
