package com.kaphera.cloud.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/**
 * The Kubernetes API stand-in of this test run (kaphera-dev-kubernetes, driven through
 * scripts/k8s-standin.sh like make run) with the shipped CRDs installed, reached by the servers
 * under test only through a {@link TcpProxy}, so tests can take "the Kubernetes API" away and give
 * it back without losing its state.
 */
public final class KubernetesApi {
    private final Path dir;
    private final int port;
    private final TcpProxy proxy;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Watch history the stand-in keeps: small, so that an expired resume point is easy to reach. */
    public static final int HISTORY = 300;
    /** The bearer token the servers under test present (the stand-in accepts any; it must never be logged). */
    public static final String TOKEN = "kaphera-it-service-account-token-" + java.util.UUID.randomUUID();

    KubernetesApi(Path dir) {
        this.dir = dir;
        this.port = Processes.freePort();
        Processes.run(Config.scripts().resolve("k8s-standin.sh").toString(), "start", dir.toString(),
                Integer.toString(port), "--bookmark-seconds", "1", "--history", Integer.toString(HISTORY));
        this.proxy = new TcpProxy(port);
        try {
            java.nio.file.Files.writeString(dir.resolve("token"), TOKEN);
            java.nio.file.Files.writeString(dir.resolve("kubeconfig.yaml"), """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: stand-in
                      cluster:
                        server: %s
                    users:
                    - name: kaphera-cloud-server
                      user:
                        token: %s
                    contexts:
                    - name: kaphera-it
                      context:
                        cluster: stand-in
                        user: kaphera-cloud-server
                    current-context: kaphera-it
                    """.formatted(url(), TOKEN));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file holding {@link #TOKEN}, for the URL + token-file configuration. */
    public Path tokenFile() {
        return dir.resolve("token");
    }

    /** A kubeconfig pointing at the proxy, for the kubeconfig configuration. */
    public Path kubeconfig() {
        return dir.resolve("kubeconfig.yaml");
    }

    /** Where the servers under test reach the Kubernetes API (through the proxy). */
    public String url() {
        return "http://127.0.0.1:" + proxy.port();
    }

    /** The stand-in itself, bypassing the proxy: how tests look at "what is in Kubernetes". */
    public URI direct() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public TcpProxy proxy() {
        return proxy;
    }

    /** GET on the Kubernetes API, bypassing our server; returns status and body. */
    public HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(direct().resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a request straight to the Kubernetes API, e.g. to play the operator and write status. */
    public HttpResponse<String> send(String method, String path, String contentType, String body) {
        try {
            return http.send(HttpRequest.newBuilder(direct().resolve(path))
                    .header("Content-Type", contentType)
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void stop() {
        proxy.close();
        Processes.run(Config.scripts().resolve("k8s-standin.sh").toString(), "stop", dir.toString());
    }
}
