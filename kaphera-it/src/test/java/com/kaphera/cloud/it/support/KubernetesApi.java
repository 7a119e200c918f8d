package com.kaphera.cloud.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The real Kubernetes API server of this test run: upstream kube-apiserver + etcd as local processes
 * (scripts/kube-apiserver.sh, like make run), set up the way a customer's cluster is before the
 * Kaphera server is installed: the shipped CRDs ({@code crds/}), the server's identity and rights
 * ({@code deploy/kubernetes/rbac.yaml}) and, per registered organisation, its namespace and
 * RoleBinding ({@code deploy/kubernetes/organisation-namespace.yaml}, see {@link #onboard}).
 *
 * <p>The servers under test connect as the {@code kaphera-cloud-server} service account (a token
 * from the TokenRequest API, TLS verified against the cluster's CA), so RBAC applies to them exactly
 * as in production. They reach the API only through a {@link TcpProxy}, so tests can take it away
 * and give it back. Tests look at "what is in Kubernetes" as the cluster admin, bypassing both.
 *
 * <p>The test cluster runs without the API server's watch cache
 * ({@code --watch-cache=false}): watches then read etcd directly, so an etcd compaction is
 * observable within a test. {@code make run} and the benchmark keep the API server's default cache.
 * The cluster is new for every test run.
 */
public final class KubernetesApi {
    public static final String SERVICE_ACCOUNT = "system:serviceaccount:kaphera-system:kaphera-cloud-server";

    private final Path dir;
    private final int port;
    private final TcpProxy proxy;
    private final String adminToken;
    private final HttpClient http;
    private final Set<String> onboarded = ConcurrentHashMap.newKeySet();

    KubernetesApi(Path dir) {
        this.dir = dir;
        // A fresh cluster per test run (one a killed run may have left is stopped first).
        Processes.run(script(), "stop", dir.toString());
        Processes.run("rm", "-rf", dir.toString());
        // Benchmarks (kaphera.it.kubernetes.direct) measure the API server as clusters run it: with its cache.
        String flags = Boolean.getBoolean("kaphera.it.kubernetes.direct") ? "" : "--watch-cache=false";
        Processes.run(java.util.Map.of("KUBE_APISERVER_FLAGS", flags), script(), "start", dir.toString(), "0");
        try {
            this.port = Integer.parseInt(Files.readString(dir.resolve("port")).strip());
            this.adminToken = Files.readString(dir.resolve("pki/tokens.csv")).split(",", 2)[0];
            this.http = HttpClient.newBuilder().sslContext(trusting(dir.resolve("ca.crt"))).build();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        Processes.run(script(), "install-kaphera", dir.toString());
        this.proxy = new TcpProxy(port);
        try {
            // The service account's credentials, pointing at the relay instead of the API server itself.
            String kubeconfig = Files.readString(dir.resolve("server.kubeconfig"))
                    .replace("https://127.0.0.1:" + port, url());
            Files.writeString(dir.resolve("server-via-relay.kubeconfig"), kubeconfig);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String script() {
        return Config.scripts().resolve("kube-apiserver.sh").toString();
    }

    private static SSLContext trusting(Path caFile) throws IOException, java.security.GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            trust.setCertificateEntry("kaphera-dev-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** kubectl as the cluster admin; fails loudly with its output. */
    public String kubectl(String... args) {
        String[] command = new String[args.length + 3];
        command[0] = script();
        command[1] = "kubectl";
        command[2] = dir.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        return Processes.run(command);
    }

    /**
     * What the cluster's administrator does when an organisation is registered (deploy/kubernetes
     * README, step 3): its namespace and the RoleBinding that lets the server in. Idempotent.
     */
    public void onboard(String slug) {
        if (onboarded.add(slug)) {
            Processes.run(script(), "onboard", dir.toString(), slug);
        }
    }

    /**
     * {@link #onboard} for many organisations at once, with one kubectl apply per 500 of them (bench/join
     * onboards 1,000: one kubectl each would cost minutes of process starts). Idempotent.
     */
    public void onboard(java.util.Collection<String> slugs) {
        java.util.List<String> fresh = slugs.stream().filter(s -> !onboarded.contains(s)).distinct().toList();
        for (int from = 0; from < fresh.size(); from += 500) {
            java.util.List<String> chunk = fresh.subList(from, Math.min(fresh.size(), from + 500));
            String[] command = new String[chunk.size() + 3];
            command[0] = script();
            command[1] = "onboard";
            command[2] = dir.toString();
            for (int i = 0; i < chunk.size(); i++) {
                command[i + 3] = chunk.get(i);
            }
            Processes.run(command);
            onboarded.addAll(chunk);
        }
    }

    /** The service account's bearer token (it must never be logged by the servers under test). */
    public String serviceAccountToken() {
        try {
            return Files.readString(tokenFile()).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file holding the service account's token, for the URL + token-file + CA configuration. */
    public Path tokenFile() {
        return dir.resolve("server.token");
    }

    /** The cluster's CA certificate (the API server's serving certificate is issued by it). */
    public Path caFile() {
        return dir.resolve("ca.crt");
    }

    /** A kubeconfig for the service account pointing at the API server itself (no relay). */
    public Path directKubeconfig() {
        return dir.resolve("server.kubeconfig");
    }

    /** The cluster admin's kubeconfig (scripts/kube-apiserver.sh), for what plays the operators. */
    public Path adminKubeconfig() {
        return dir.resolve("admin.kubeconfig");
    }

    /** A kubeconfig for the service account pointing at the relay, for the kubeconfig configuration. */
    public Path kubeconfig() {
        return dir.resolve("server-via-relay.kubeconfig");
    }

    /** Where the servers under test reach the Kubernetes API (through the relay). */
    public String url() {
        return "https://127.0.0.1:" + proxy.port();
    }

    /** The API server itself, bypassing the relay: how tests look at "what is in Kubernetes". */
    public URI direct() {
        return URI.create("https://127.0.0.1:" + port);
    }

    public TcpProxy proxy() {
        return proxy;
    }

    /** GET on the Kubernetes API as the cluster admin, bypassing our server; returns status and body. */
    public HttpResponse<String> get(String path) {
        return send("GET", path, "application/json", null);
    }

    /** A request straight to the Kubernetes API as the cluster admin, e.g. to play the operator and write status. */
    public HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(direct().resolve(path))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", contentType);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Compacts etcd's history up to its current revision, as the API server does every five minutes:
     * resource versions older than now can no longer be watched from. Returns the compacted revision.
     */
    public long compactEtcd() {
        try {
            URI etcd = URI.create(Files.readString(dir.resolve("etcd-url")).strip());
            HttpClient plain = HttpClient.newHttpClient();
            String key = Base64.getEncoder().encodeToString("/".getBytes(StandardCharsets.UTF_8));
            String range = plain.send(HttpRequest.newBuilder(etcd.resolve("/v3/kv/range"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + key + "\",\"limit\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"revision\":\"(\\d+)\"").matcher(range);
            if (!m.find()) {
                throw new IllegalStateException("no revision in etcd's answer: " + range);
            }
            long revision = Long.parseLong(m.group(1));
            HttpResponse<String> compacted = plain.send(HttpRequest.newBuilder(etcd.resolve("/v3/kv/compaction"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"revision\":\"" + revision + "\",\"physical\":true}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (compacted.statusCode() != 200) {
                throw new IllegalStateException("etcd compaction failed: " + compacted.body());
            }
            return revision;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void stop() {
        proxy.close();
        Processes.run(script(), "stop", dir.toString());
    }
}
