package com.kaphera.cloud.crd.kubernetes;

import com.kaphera.cloud.common.UnavailableException;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.credentials.TokenFileAuthentication;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How this server reaches the Kubernetes API, from MicroProfile Config, in this order:
 * {@code kaphera.kubernetes.url} (+ optional {@code token-file}, {@code ca-file}), then
 * {@code kaphera.kubernetes.kubeconfig}, then the in-cluster service account when running in a pod.
 * Two clients share that configuration: one for requests (bounded call timeout) and one for watches.
 * A watch asks the API server to end it after {@code kaphera.kubernetes.watch-seconds} (it is then
 * resumed from where it ended), and its client gives up on a connection that stays silent a little
 * longer than that; both clients also send HTTP/2 PINGs every {@code kaphera.kubernetes.ping-seconds}.
 * So a half-open connection (a dead proxy or node on the way) is noticed and dropped, and a watch on
 * it re-established, instead of hanging for ever.
 */
@ApplicationScoped
public class KubernetesConnection {
    private static final Logger LOG = Logger.getLogger(KubernetesConnection.class.getName());
    private static final Path IN_CLUSTER_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    @Inject
    @ConfigProperty(name = "kaphera.kubernetes.url")
    Optional<String> url;

    @Inject
    @ConfigProperty(name = "kaphera.kubernetes.token-file")
    Optional<String> tokenFile;

    @Inject
    @ConfigProperty(name = "kaphera.kubernetes.ca-file")
    Optional<String> caFile;

    @Inject
    @ConfigProperty(name = "kaphera.kubernetes.kubeconfig")
    Optional<String> kubeconfig;

    @Inject
    @ConfigProperty(name = "kaphera.kubernetes.request-timeout-ms", defaultValue = "5000")
    long requestTimeoutMs;

    @Inject
    @ConfigProperty(name = "kaphera.kubernetes.connect-timeout-ms", defaultValue = "2000")
    long connectTimeoutMs;

    @Inject
    @ConfigProperty(name = "kaphera.kubernetes.watch-seconds", defaultValue = "300")
    int watchSeconds;

    /** HTTP/2 PING interval: a connection whose peer stops answering fails within about two of these. */
    @Inject
    @ConfigProperty(name = "kaphera.kubernetes.ping-seconds", defaultValue = "15")
    int pingSeconds;

    private volatile ApiClient requests;
    private volatile ApiClient watches;
    private volatile String description = "not configured";

    @PostConstruct
    void connect() {
        try {
            ClientBuilder builder = builder();
            if (builder == null) {
                LOG.warning("No Kubernetes API configured (kaphera.kubernetes.url, kaphera.kubernetes.kubeconfig "
                        + "or in-cluster): custom resources answer 503 until one is");
                return;
            }
            ApiClient base = builder.build();
            base.setDebugging(false); // request logging would print bearer tokens
            requests = base.setHttpClient(base.getHttpClient().newBuilder()
                    .pingInterval(Duration.ofSeconds(Math.max(1, pingSeconds)))
                    .connectTimeout(Duration.ofMillis(connectTimeoutMs))
                    .readTimeout(Duration.ofMillis(requestTimeoutMs))
                    .callTimeout(Duration.ofMillis(requestTimeoutMs))
                    .build());
            ApiClient watch = builder.build();
            watches = watch.setHttpClient(watch.getHttpClient().newBuilder()
                    .pingInterval(Duration.ofSeconds(Math.max(1, pingSeconds)))
                    .connectTimeout(Duration.ofMillis(connectTimeoutMs))
                    .readTimeout(watchSilenceLimit())
                    .callTimeout(Duration.ZERO)
                    .build());
            LOG.info(() -> "Kubernetes API: " + description);
        } catch (IOException | RuntimeException e) {
            description = "misconfigured: " + e.getClass().getSimpleName();
            LOG.log(Level.SEVERE, "Cannot configure the Kubernetes client: {0}", e.getMessage());
        }
    }

    private ClientBuilder builder() throws IOException {
        if (url.isPresent() && !url.get().isBlank()) {
            ClientBuilder builder = new ClientBuilder().setBasePath(url.get().strip());
            if (tokenFile.isPresent() && !tokenFile.get().isBlank()) {
                builder.setAuthentication(new TokenFileAuthentication(tokenFile.get().strip()));
            }
            if (caFile.isPresent() && !caFile.get().isBlank()) {
                builder.setCertificateAuthority(Files.readAllBytes(Path.of(caFile.get().strip())));
            }
            description = url.get().strip();
            return builder;
        }
        if (kubeconfig.isPresent() && !kubeconfig.get().isBlank()) {
            Path file = Path.of(kubeconfig.get().strip());
            try (Reader reader = Files.newBufferedReader(file)) {
                KubeConfig config = KubeConfig.loadKubeConfig(reader);
                config.setFile(file.toFile());
                description = "kubeconfig " + file + " (context " + config.getCurrentContext() + ")";
                return ClientBuilder.kubeconfig(config);
            }
        }
        if (System.getenv("KUBERNETES_SERVICE_HOST") != null && Files.exists(IN_CLUSTER_TOKEN)) {
            description = "in-cluster service account";
            return ClientBuilder.cluster();
        }
        return null;
    }

    /** How long one watch request lasts before the API server ends it (and we resume it). */
    public int watchSeconds() {
        return Math.max(1, watchSeconds);
    }

    /** Silence on a watch connection longer than this means the connection is dead. */
    Duration watchSilenceLimit() {
        return Duration.ofSeconds(watchSeconds() + Math.max(5, watchSeconds() / 10));
    }

    /** The client for ordinary requests; 503 when no Kubernetes API is configured. */
    public ApiClient requests() {
        ApiClient client = requests;
        if (client == null) {
            throw new UnavailableException("No Kubernetes API is configured for this server", 30, null);
        }
        return client;
    }

    /** The client for long-lived watches. */
    public ApiClient watches() {
        ApiClient client = watches;
        if (client == null) {
            throw new UnavailableException("No Kubernetes API is configured for this server", 30, null);
        }
        return client;
    }

    /** Where the server connects, for health data and logs (never credentials). */
    public String description() {
        return description;
    }
}
