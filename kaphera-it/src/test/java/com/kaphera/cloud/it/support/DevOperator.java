package com.kaphera.cloud.it.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The dev-only operator (module kaphera-dev-operator) in real-connector mode, driven through
 * scripts/dev-operator.sh like {@code make run}, against the harness's kube-apiserver as the cluster
 * admin: every ControlPlane gets a real EDC 0.15.1 control plane process on loopback (module
 * kaphera-dev-connector, the shaded jar kaphera-it/pom.xml copies: system property
 * {@code kaphera.it.connector.jar}), and its status says Ready, with {@code status.dspEndpoint} and
 * {@code status.managementEndpoint}, only once that process answers. Every other kaphera.io kind is
 * marked Ready {@link #DELAY_MS} after each spec change, as before; an IdentityHub also gets the address
 * of the dev wallet's Identity API the harness names (a simulation: no wallet is deployed per resource).
 *
 * <p>Management API keys come from the Secret named by
 * {@code spec.managementApi.authentication.apiKey.secretKeyRef}, the STS client secret from the Secret
 * named by the annotation {@code edc.kaphera.io/sts-client-secret} ({@code <secret>/<key>}). Each
 * connector logs to {@link #connectorLog}. Stopping the operator stops its connectors.
 */
public final class DevOperator {
    /** How long after a create or spec change a connector is (re)started or a status written. */
    public static final int DELAY_MS = 200;

    private final Path dir;
    private final Path kubeconfig;
    private final java.net.URI walletIdentityApi;

    /**
     * @param walletIdentityApi DEV ONLY: the Identity API of the dev wallet that plays every organisation's own
     *     wallet: reported as {@code status.identityApiUrl} of every IdentityHub resource (with {@code status.did}
     *     and {@code status.credentialServiceUrl} as its spec asks), or null for none
     */
    DevOperator(Path dir, Path kubeconfig, java.net.URI walletIdentityApi) {
        this.dir = dir;
        this.kubeconfig = kubeconfig;
        this.walletIdentityApi = walletIdentityApi;
        // An operator (and its connectors) left behind by a killed test JVM: stop it; its files go too.
        Processes.run(script(), "stop", dir.toString());
        Processes.deleteRecursively(dir);
    }

    /** The shaded kaphera-dev-connector jar (kaphera-it/pom.xml, execution copy-app). */
    static Path connectorJar() {
        String value = System.getProperty("kaphera.it.connector.jar");
        if (value == null) {
            throw new IllegalStateException("kaphera.it.connector.jar is not set: run the integration tests through Maven (make test)");
        }
        Path jar = Path.of(value).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; the pre-integration-test phase copies it"
                    + " (mvn -pl kaphera-it -am -DskipTests install builds it)");
        }
        return jar;
    }

    private static String script() {
        return Config.scripts().resolve("dev-operator.sh").toString();
    }

    /** Starts the operator; returns once it watches the CRDs (idempotent). */
    public void start() {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(script(), "start", dir.toString(),
                kubeconfig.toString(), "--delay-ms", Integer.toString(DELAY_MS), "--connectors", "real", "--connector-jar",
                connectorJar().toString()));
        if (walletIdentityApi != null) {
            command.addAll(java.util.List.of("--identity-api-url", walletIdentityApi.toString()));
        }
        Processes.run(command.toArray(String[]::new));
    }

    /** Stops the operator and every connector it runs (each TERM, KILL after 5 s). */
    public void stop() {
        Processes.run(script(), "stop", dir.toString());
    }

    /** The operator's own log (one line per start, status write and failure). */
    public Path log() {
        return dir.resolve("dev-operator.log");
    }

    /** The operator's log lines that mention {@code text} (e.g. an organisation), for a failing test's message. */
    public java.util.List<String> logLinesAbout(String text) {
        try (java.util.stream.Stream<String> lines = Files.lines(log())) {
            return lines.filter(l -> l.contains(text)).toList();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return java.util.List.of("(no operator log: " + e + ")");
        }
    }

    /** The log of the connector of ControlPlane {@code namespace/name}. */
    public Path connectorLog(String namespace, String name) {
        return dir.resolve("connectors").resolve(namespace + "-" + name + ".log");
    }
}
