package com.kaphera.cloud.ejbit.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Liberty server the in-container tests run in, and the throwaway PostgreSQL cluster behind it.
 * The server is assembled from the shared liberty-config (same datasources, JPA and features as
 * production) minus the production application, which Arquillian replaces with its test deployment;
 * it is configured through server.env as production is configured through its environment. Arquillian
 * starts and stops the server; {@link TestServerExtension} calls {@link #prepare()} before that and
 * {@link #release()} after it.
 */
public final class TestServer {
    /** Also in arquillian.xml and scripts/ci-cleanup.sh. */
    public static final String NAME = "kaphera-ejb-it";
    static final String DB_USER = "kaphera";
    static final String DB_PASSWORD = "kaphera-dev";

    private static int pgPort;
    private static boolean pgStarted;

    private TestServer() {
    }

    /** A fresh PostgreSQL cluster on a free port and a freshly assembled server directory. */
    static synchronized void prepare() throws IOException {
        Path pg = work().resolve("pg");
        deleteTree(pg); // a fresh cluster every run: tests never see a previous run's rows
        pgPort = freePort();
        Runtime.getRuntime().addShutdownHook(new Thread(TestServer::release, "kaphera-ejb-it-postgres-stop"));
        pgStarted = true;
        run(scripts().resolve("pg.sh").toString(), "start", pg.toString(), Integer.toString(pgPort));
        assemble();
    }

    /** Stops PostgreSQL (Arquillian has stopped Liberty by then); safe to call twice. */
    static synchronized void release() {
        if (pgStarted) {
            pgStarted = false;
            run(scripts().resolve("pg.sh").toString(), "stop", work().resolve("pg").toString(), Integer.toString(pgPort));
        }
    }

    static Path builtEar() {
        return path("kaphera.ejbit.artifacts").resolve("kaphera.ear");
    }

    private static void assemble() throws IOException {
        Path dir = path("kaphera.ejbit.wlp").resolve("usr/servers").resolve(NAME);
        deleteTree(dir);
        Files.createDirectories(dir.resolve("apps"));
        Files.createDirectories(dir.resolve("lib"));
        Path config = path("kaphera.ejbit.config");
        try (Stream<Path> files = Files.list(config)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.getFileName().toString().equals("server.xml")) {
                    writeWithoutApplications(f, dir.resolve("server.xml"));
                } else {
                    Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (Stream<Path> files = Files.list(path("kaphera.ejbit.artifacts"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("postgresql-")).toList()) {
                Files.copy(f, dir.resolve("lib").resolve(f.getFileName()));
            }
        }
        Files.writeString(dir.resolve("server.env"), serverEnv().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n", "", "\n")));
    }

    /** What production sets through the environment; the Kubernetes side is off (not under test here). */
    private static Map<String, String> serverEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAPHERA_HTTP_HOST", "127.0.0.1");
        env.put("KAPHERA_HTTP_PORT", Integer.toString(freePort()));
        env.put("KAPHERA_HTTPS_PORT", Integer.toString(freePort()));
        env.put("KAPHERA_DB_URL", "jdbc:postgresql://127.0.0.1:" + pgPort + "/kaphera");
        // As in production: the server's own role, append-only on the audit log; migrations as the owner.
        env.put("KAPHERA_DB_USER", "kaphera_app");
        env.put("KAPHERA_DB_PASSWORD", DB_PASSWORD);
        env.put("KAPHERA_DB_MIGRATION_USER", DB_USER);
        env.put("KAPHERA_DB_MIGRATION_PASSWORD", DB_PASSWORD);
        env.put("KAPHERA_KEYSTORE_PASSWORD", UUID.randomUUID().toString());
        env.put("KAPHERA_EDITION", "managed");
        // Dataspaces get an issuer key at creation, sealed under this.
        env.put("KAPHERA_DCP_KEY_ENCRYPTION_KEY", java.util.Base64.getEncoder().encodeToString(
                new java.security.SecureRandom().generateSeed(32)));
        // No cluster in these tests: the CRD catalogue must not try to reach one.
        env.put("KAPHERA_FEATURES_RESOURCES_ENABLED", "false");
        env.put("KAPHERA_FEATURES_RESOURCE_TYPES_ENABLED", "false");
        return env;
    }

    /**
     * The shared server.xml without its application elements: the production EAR is not deployed
     * here, Arquillian adds its own application element (deployType xml) to this copy.
     */
    private static void writeWithoutApplications(Path source, Path target) throws IOException {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(source.toFile());
            for (String tag : List.of("enterpriseApplication", "application", "webApplication")) {
                NodeList nodes = doc.getElementsByTagName(tag);
                for (int i = nodes.getLength() - 1; i >= 0; i--) {
                    Element e = (Element) nodes.item(i);
                    e.getParentNode().removeChild(e);
                }
            }
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(doc), new StreamResult(target.toFile()));
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException
                | javax.xml.transform.TransformerException e) {
            throw new IOException("Cannot derive the test server.xml from " + source, e);
        }
    }

    private static Path work() {
        return path("kaphera.ejbit.work");
    }

    private static Path scripts() {
        return path("kaphera.ejbit.scripts");
    }

    private static Path path(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(key + " is not set: run the in-container tests through Maven (make test)");
        }
        return Path.of(value).toAbsolutePath();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            // pg.sh links the cluster to a folder under /tmp when postgres cannot reach DIR: empty both.
            Path real = dir.toRealPath();
            Files.delete(dir);
            deleteTree(real);
        } else if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("Timed out: " + String.join(" ", command));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("Failed (" + p.exitValue() + "): " + String.join(" ", command)
                        + "\n" + new String(out, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
