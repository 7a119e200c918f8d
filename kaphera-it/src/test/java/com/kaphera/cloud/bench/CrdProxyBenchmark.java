package com.kaphera.cloud.bench;

import com.kaphera.cloud.it.support.KubernetesApi;
import com.kaphera.cloud.it.support.Stack;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * bench/crd-proxy: GET and LIST of custom resources through our API versus the same calls made
 * directly with client-java against the same real kube-apiserver (TLS, the server's service-account
 * token, RBAC), in one run on one machine. Not part of make test (not an *IT); run through
 * bench/crd-proxy/run.sh, which prints the figures. Our path includes everything a real request
 * pays: plain HTTP to Liberty, JWT verification, the organisation lookup, authorisation, the
 * Kubernetes call through client-java; the direct path pays only the last.
 */
class CrdProxyBenchmark {
    private static final int OBJECTS = Integer.getInteger("bench.objects", 20);
    private static final int THREADS = Integer.getInteger("bench.threads", 4);
    private static final Duration WARMUP = Duration.ofSeconds(Integer.getInteger("bench.warmup", 10));
    private static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("bench.seconds", 15));

    /**
     * Throughput is measured with {@code THREADS} concurrent clients; latency percentiles with one
     * client, so that "added latency" is what our server adds and not queueing on a saturated box.
     */
    record Result(String name, long requests, double seconds, long[] latenciesNanos) {
        double throughput() {
            return requests / seconds;
        }

        double percentileMillis(double p) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
        }
    }

    @Test
    void getAndListThroughOurApiVersusDirect() throws Exception {
        Stack stack = Stack.get();
        KubernetesApi kubernetes = stack.kubernetes();
        URI server = stack.managed().baseUri();
        String org = "bench-" + System.nanoTime() % 100000;
        String admin = stack.tokens().platformAdmin();
        String token = stack.tokens().forGroups("bench-operator", "/orgs/" + org + "/operator");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        post(http, server.resolve("/api/v1/organisations"), admin,
                "{\"slug\":\"" + org + "\",\"displayName\":\"Bench\",\"legalEntityId\":\"BPNL00000000BNCH\"}");
        kubernetes.onboard(org);
        String base = "/api/v1/organisations/" + org + "/resources/controlplanes.edc.kaphera.io";
        for (int i = 0; i < OBJECTS; i++) {
            post(http, server.resolve(base), token, """
                    {"metadata":{"name":"cp-%02d"},"spec":{"participantId":"BPNL00000000BNCH","version":"0.10.1",
                     "postgresInstanceRef":{"name":"edc-db"},"identityHubRef":{"name":"wallet"}}}""".formatted(i));
        }

        // The same identity and TLS set-up as the server: the service account's kubeconfig.
        ApiClient client;
        try (var reader = java.nio.file.Files.newBufferedReader(kubernetes.directKubeconfig())) {
            client = ClientBuilder.kubeconfig(io.kubernetes.client.util.KubeConfig.loadKubeConfig(reader)).build();
        }
        DynamicKubernetesApi direct = new DynamicKubernetesApi("edc.kaphera.io", "v1alpha1", "controlplanes", client);
        String namespace = "kaphera-" + org;
        HttpRequest ourGet = HttpRequest.newBuilder(server.resolve(base + "/cp-07"))
                .header("Authorization", "Bearer " + token).GET().build();
        HttpRequest ourList = HttpRequest.newBuilder(server.resolve(base + "?limit=50"))
                .header("Authorization", "Bearer " + token).GET().build();

        HttpRequest capabilities = HttpRequest.newBuilder(server.resolve("/capabilities")).GET().build();
        HttpRequest typeOnly = HttpRequest.newBuilder(server.resolve("/api/v1/resource-types/cp"))
                .header("Authorization", "Bearer " + token).GET().build();
        HttpRequest organisation = HttpRequest.newBuilder(server.resolve("/api/v1/organisations/" + org))
                .header("Authorization", "Bearer " + token).GET().build();
        // Reference points inside our own server: a bare JAX-RS endpoint (no token, no database), an
        // authenticated one without database, and one that reads the organisation from PostgreSQL
        // (what every custom-resource call also does before it reaches Kubernetes).
        List<Result> references = new ArrayList<>();
        references.add(run("GET /capabilities (bare)", () -> send(http, capabilities)));
        references.add(run("GET resource type (JWT)", () -> send(http, typeOnly)));
        references.add(run("GET organisation (JWT+DB)", () -> send(http, organisation)));

        List<Result> results = new ArrayList<>();
        results.add(run("GET  direct client-java", () -> check(direct.get(namespace, "cp-07"))));
        results.add(run("GET  through Kaphera API", () -> send(http, ourGet)));
        results.add(run("LIST direct client-java", () -> check(direct.list(namespace))));
        results.add(run("LIST through Kaphera API", () -> send(http, ourList)));

        System.out.printf("%n== bench/crd-proxy: %d threads, %ds measured after %ds warm-up, %d objects, %d cores%n",
                THREADS, MEASURE.toSeconds(), WARMUP.toSeconds(), OBJECTS, Runtime.getRuntime().availableProcessors());
        System.out.printf("%-26s %12s %10s %10s%n", "path", "req/s (" + THREADS + "t)", "p50 ms (1t)", "p99 ms (1t)");
        for (Result r : references) {
            System.out.printf("%-26s %12.0f %10.2f %10.2f%n", r.name(), r.throughput(), r.percentileMillis(0.50),
                    r.percentileMillis(0.99));
        }
        for (Result r : results) {
            System.out.printf("%-26s %12.0f %10.2f %10.2f%n", r.name(), r.throughput(), r.percentileMillis(0.50),
                    r.percentileMillis(0.99));
        }
        for (int i = 0; i < results.size(); i += 2) {
            Result d = results.get(i);
            Result k = results.get(i + 1);
            System.out.printf("%s: throughput ratio (ours/direct) %.2f, p50 added %.2f ms, p99 added %.2f ms%n",
                    d.name().substring(0, 4).strip(), k.throughput() / d.throughput(),
                    k.percentileMillis(0.50) - d.percentileMillis(0.50), k.percentileMillis(0.99) - d.percentileMillis(0.99));
        }
    }

    private static Result run(String name, Callable<?> call) throws Exception {
        measure(call, WARMUP, THREADS);
        long[][] perThread = measure(call, MEASURE, THREADS);
        long total = Arrays.stream(perThread).mapToLong(a -> a.length).sum();
        long[] sequential = measure(call, MEASURE.dividedBy(2), 1)[0];
        return new Result(name, total, MEASURE.toNanos() / 1e9, sequential);
    }

    private static long[][] measure(Callable<?> call, Duration duration, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<long[]>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                while (!stop.get()) {
                    long start = System.nanoTime();
                    call.call();
                    long took = System.nanoTime() - start;
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = took;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        Thread.sleep(duration.toMillis());
        stop.set(true);
        long[][] out = new long[threads][];
        for (int t = 0; t < threads; t++) {
            out[t] = futures.get(t).get();
        }
        pool.shutdown();
        return out;
    }

    private static Object check(KubernetesApiResponse<?> response) {
        if (!response.isSuccess()) {
            throw new IllegalStateException("direct call failed: " + response.getHttpStatusCode());
        }
        return response.getObject();
    }

    private static String send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static void post(HttpClient http, URI uri, String token, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException(uri + " -> " + r.statusCode() + " " + r.body());
        }
    }
}
