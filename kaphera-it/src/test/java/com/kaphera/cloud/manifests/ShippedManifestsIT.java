package com.kaphera.cloud.manifests;

import static com.kaphera.cloud.manifests.ManifestConventionsTest.documents;
import static com.kaphera.cloud.manifests.ManifestConventionsTest.list;
import static com.kaphera.cloud.manifests.ManifestConventionsTest.map;
import static com.kaphera.cloud.manifests.ManifestConventionsTest.pilotSlugs;
import static com.kaphera.cloud.manifests.ManifestConventionsTest.read;
import static com.kaphera.cloud.manifests.ManifestConventionsTest.repo;
import static com.kaphera.cloud.manifests.ManifestConventionsTest.yamlFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.KubernetesApi;
import com.kaphera.cloud.it.support.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The repository's manifests against a real kube-apiserver (scripts/kube-apiserver.sh, set up by the
 * harness with {@code crds/} and {@code deploy/kubernetes/rbac.yaml} as install-kaphera does): the
 * CRDs are accepted and served, the pilot seed passes the server's own validation, and
 * {@code deploy/kubernetes/organisation-namespace.yaml} gives the server the rights its README
 * promises. The conventions no API server checks are {@link ManifestConventionsTest}'s.
 *
 * <p>The seed is applied with a server-side dry run: the server validates and defaults every
 * document as if it stored it, but stores nothing, so the other tests' cluster is unchanged.
 */
class ShippedManifestsIT {
    private static final Path SEED = repo("dev", "seed", "kubernetes").toAbsolutePath();
    private static final Path OEM_SEED = SEED.resolve("oem-frankfurt.yaml");
    private static KubernetesApi kubernetes;

    @TempDir
    Path work;

    @BeforeAll
    static void pilotOrganisationsAreOnboarded() {
        kubernetes = Stack.get().kubernetes();
        pilotSlugs().forEach(kubernetes::onboard);
    }

    // ------------------------------------------------------------------------------------ CRDs

    static Stream<ManifestConventionsTest.Crd> eachCrd() {
        return ManifestConventionsTest.eachCrd();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eachCrd")
    void crdIsEstablishedAndEveryServedVersionLists(ManifestConventionsTest.Crd crd) {
        HttpResponse<String> answer = kubernetes.get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/"
                + crd.model().getMetadata().getName());
        assertEquals(200, answer.statusCode(), answer.body());
        var stored = parse(answer.body());
        for (String condition : List.of("NamesAccepted", "Established")) {
            assertEquals("True", conditionStatus(stored, condition), condition + " in " + map(stored.get("status")));
        }
        var spec = map(stored.get("spec"));
        var served = list(spec.get("versions")).stream().map(ManifestConventionsTest::map)
                .filter(v -> Boolean.TRUE.equals(v.get("served"))).map(v -> (String) v.get("name")).toList();
        assertFalse(served.isEmpty(), "no served version");
        for (String version : served) {
            String collection = "/apis/" + spec.get("group") + "/" + version + "/" + map(spec.get("names")).get("plural");
            HttpResponse<String> listed = kubernetes.get(collection);
            assertEquals(200, listed.statusCode(), collection + ": " + listed.body());
        }
    }

    private static String conditionStatus(Map<String, Object> object, String type) {
        return list(map(object.get("status")).get("conditions")).stream().map(ManifestConventionsTest::map)
                .filter(c -> type.equals(c.get("type"))).map(c -> (String) c.get("status")).findFirst().orElse(null);
    }

    // ------------------------------------------------------------------------------------ seed

    @Test
    void pilotSeedPassesTheServersValidationKeepsEveryFieldAndIsNotStored() {
        List<Map<String, Object>> seed = yamlFiles(SEED).stream().flatMap(f -> documents(f).stream()).toList();

        List<Map<String, Object>> accepted = dryRun(SEED);

        assertEquals(seed.size(), accepted.size(), "one answer per seed document");
        List<String> dropped = new ArrayList<>();
        for (int i = 0; i < seed.size(); i++) {
            var asSeeded = seed.get(i);
            var asStored = accepted.get(i);
            assertEquals(List.of(asSeeded.get("kind"), map(asSeeded.get("metadata")).get("name")),
                    List.of(asStored.get("kind"), map(asStored.get("metadata")).get("name")), "answers in seed order");
            dropped.addAll(dropped(asSeeded.get("spec"), asStored.get("spec"), id(asSeeded) + " spec"));
        }
        assertEquals(List.of(), dropped, "fields the server's schema does not know (it drops them silently)");
        for (var document : seed) {
            HttpResponse<String> stored = kubernetes.get(path(document));
            assertEquals(404, stored.statusCode(), id(document) + " was stored by a dry run: " + stored.body());
        }
    }

    /**
     * A broken copy of the OEM's ControlPlane is refused by the server, naming the field. kubectl's
     * own schema check is off ({@code --validate=false}) so that it is the server that refuses.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenControlPlanes")
    void brokenSeedDocumentIsRefusedNamingTheField(String breakage, Consumer<Map<String, Object>> breakSpec,
            String expected) {
        Path broken = write("broken-control-plane.yaml", List.of(controlPlane(breakSpec)));

        var refusal = assertThrows(IllegalStateException.class,
                () -> kubernetes.kubectl("apply", "--dry-run=server", "--validate=false", "-f", broken.toString()));

        assertTrue(refusal.getMessage().contains("The ControlPlane \"connector\" is invalid"), refusal.getMessage());
        assertTrue(refusal.getMessage().contains(expected), "expected '" + expected + "' in " + refusal.getMessage());
    }

    static Stream<Arguments> brokenControlPlanes() {
        return Stream.of(
                broken("a string where an integer belongs", s -> s.put("replicas", "two"),
                        "spec.replicas in body must be of type integer"),
                broken("above the maximum", s -> s.put("replicas", 9),
                        "spec.replicas in body should be less than or equal to 5"),
                broken("a value outside the enum", s -> s.put("logLevel", "TRACE"),
                        "spec.logLevel: Unsupported value: \"TRACE\""),
                broken("a value not matching the pattern", s -> s.put("participantId", "BPNL00000000oem1"),
                        "spec.participantId in body should match"),
                broken("a required field missing", s -> s.remove("postgresInstanceRef"),
                        "spec.postgresInstanceRef: Required value"));
    }

    private static Arguments broken(String breakage, Consumer<Map<String, Object>> breakSpec, String expected) {
        return Arguments.of(breakage, breakSpec, expected);
    }

    /**
     * Why the seed check compares what the server would store: a v1.20 API server drops a field its
     * schema does not know without a word. (kubectl's own check, off here, would refuse it before the
     * server sees it.)
     */
    @Test
    void anUnknownSpecFieldIsDroppedByTheServerAndNoticed() {
        var withUnknownField = controlPlane(spec -> spec.put("databasePassword", "not-in-the-schema"));
        Path file = write("unknown-field.yaml", List.of(withUnknownField));

        var asStored = dryRun(file, "--validate=false").get(0);

        assertEquals(List.of("ControlPlane/connector spec.databasePassword"),
                dropped(withUnknownField.get("spec"), asStored.get("spec"), "ControlPlane/connector spec"));
    }

    /** The OEM's seeded ControlPlane, a fresh copy, with its spec changed by {@code breakSpec}. */
    private static Map<String, Object> controlPlane(Consumer<Map<String, Object>> breakSpec) {
        var controlPlane = documents(OEM_SEED).stream().filter(d -> "ControlPlane".equals(d.get("kind")))
                .findFirst().orElseThrow(() -> new AssertionError("no ControlPlane in " + OEM_SEED));
        breakSpec.accept(map(controlPlane.get("spec")));
        return controlPlane;
    }

    /** {@code kubectl apply --dry-run=server}: the objects as the server would store them, in input order. */
    private static List<Map<String, Object>> dryRun(Path fileOrDirectory, String... flags) {
        List<String> command = new ArrayList<>(List.of("apply", "--dry-run=server", "-o", "json"));
        command.addAll(List.of(flags));
        command.addAll(List.of("-f", fileOrDirectory.toString()));
        var answer = parse(kubernetes.kubectl(command.toArray(String[]::new)));
        return "List".equals(answer.get("kind"))
                ? list(answer.get("items")).stream().map(ManifestConventionsTest::map).toList()
                : List.of(answer);
    }

    /** Paths of {@code seeded} that are missing or different in {@code stored} (stored may add defaults). */
    static List<String> dropped(Object seeded, Object stored, String path) {
        List<String> problems = new ArrayList<>();
        if (seeded instanceof Map<?, ?> m) {
            var there = map(stored);
            map(m).forEach((key, value) -> problems.addAll(there.containsKey(key)
                    ? dropped(value, there.get(key), path + "." + key)
                    : List.of(path + "." + key)));
        } else if (seeded instanceof List<?> l) {
            var there = list(stored);
            for (int i = 0; i < l.size(); i++) {
                problems.addAll(i < there.size() ? dropped(l.get(i), there.get(i), path + "[" + i + "]")
                        : List.of(path + "[" + i + "]"));
            }
        } else if (!Objects.equals(seeded, stored)) {
            problems.add(path + ": " + seeded + " became " + stored);
        }
        return problems;
    }

    // ------------------------------------------------------------------------------------ deploy

    @Test
    void organisationTemplateRenderedForANewSlugApplies() {
        String slug = "sme-coatings";
        String rendered = read(repo("deploy", "kubernetes", "organisation-namespace.yaml")).replace("${SLUG}", slug);
        Path file = work.resolve("organisation-namespace-" + slug + ".yaml");
        writeString(file, rendered);

        kubernetes.kubectl("apply", "-f", file.toString());

        HttpResponse<String> namespace = kubernetes.get("/api/v1/namespaces/kaphera-" + slug);
        assertEquals(200, namespace.statusCode(), namespace.body());
        assertEquals(slug, map(map(parse(namespace.body()).get("metadata")).get("labels")).get("kaphera.io/organisation"));
        HttpResponse<String> binding = kubernetes.get("/apis/rbac.authorization.k8s.io/v1/namespaces/kaphera-" + slug
                + "/rolebindings/kaphera-cloud-server-tenant");
        assertEquals(200, binding.statusCode(), binding.body());
        assertEquals("yes", canI("list", "controlplanes.edc.kaphera.io", "-n", "kaphera-" + slug));
    }

    /** The "Check with impersonation" lines of deploy/kubernetes/README.md, with their answers. */
    static Stream<Arguments> readmeImpersonationChecks() {
        Pattern line = Pattern.compile("^kubectl auth can-i (.+?) --as \\$SA\\s+# (yes|no)$");
        List<Arguments> checks = new ArrayList<>();
        for (String l : read(repo("deploy", "kubernetes", "README.md")).lines().toList()) {
            Matcher m = line.matcher(l.strip());
            if (m.matches()) {
                checks.add(Arguments.of(m.group(1), m.group(2)));
            }
        }
        assertTrue(checks.size() >= 5, "the README's impersonation checks: " + checks.size());
        return checks.stream();
    }

    @ParameterizedTest(name = "can-i {0}: {1}")
    @MethodSource("readmeImpersonationChecks")
    void deployReadmeImpersonationCheckHolds(String question, String answer) {
        assertEquals(answer, canI(question.split("\\s+")));
    }

    /** {@code kubectl auth can-i ... --as} the server's service account: "yes" or "no". */
    private static String canI(String... question) {
        List<String> command = new ArrayList<>(List.of("auth", "can-i"));
        command.addAll(List.of(question));
        command.addAll(List.of("--as", KubernetesApi.SERVICE_ACCOUNT));
        String output;
        try {
            output = kubernetes.kubectl(command.toArray(String[]::new));
        } catch (IllegalStateException e) {
            // kubectl answers "no" with exit code 1; anything else is a real failure.
            if (!e.getMessage().strip().endsWith("\nno")) {
                throw e;
            }
            output = "no";
        }
        // The answer is the last line; warnings (e.g. "not namespace scoped") come before it.
        List<String> lines = output.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    // ------------------------------------------------------------------------------------ helpers

    /** kubectl's JSON (YAML's subset) as plain maps, the same types the seed's YAML loads as. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(json);
    }

    private Path write(String name, List<Map<String, Object>> documents) {
        var options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path file = work.resolve(name);
        writeString(file, new Yaml(options).dumpAll(documents.iterator()));
        return file;
    }

    private static void writeString(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String id(Map<String, Object> document) {
        return document.get("kind") + "/" + map(document.get("metadata")).get("name");
    }

    /** The object's path on the API server, from its apiVersion, kind (plural from crds/) and namespace. */
    private static String path(Map<String, Object> document) {
        String plural = ManifestConventionsTest.eachCrd()
                .filter(c -> c.names().getKind().equals(document.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no CRD for " + id(document))).names().getPlural();
        var metadata = map(document.get("metadata"));
        return "/apis/" + document.get("apiVersion") + "/namespaces/" + metadata.get("namespace") + "/" + plural + "/"
                + metadata.get("name");
    }
}
