package com.kaphera.dev.kubernetes.http;

import com.kaphera.dev.kubernetes.api.ApiRequest;
import com.kaphera.dev.kubernetes.api.ApiResponse;
import com.kaphera.dev.kubernetes.api.KubernetesApi;
import com.kaphera.dev.kubernetes.api.Statuses;
import com.kaphera.dev.kubernetes.catalog.ResourceCatalog;
import com.kaphera.dev.kubernetes.watch.WatchRequest;
import com.kaphera.dev.kubernetes.watch.WatchStream;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The JDK HTTP server in front of the stand-in. Plain requests run on a fixed pool; a watch is handed
 * to a separate bounded pool and holds one of its threads for its whole life, so long-lived watches
 * never starve the GETs and LISTs the throughput benchmark measures. Successful requests are not
 * logged (that would dominate the benchmark); failures get one line each, never with the body.
 */
public final class HttpFront implements AutoCloseable {

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY each response then waits
    // for the client's delayed ACK (about 40 ms), capping every connection at ~25 requests a second.
    // Read once, when the JDK's server configuration class loads, so it is set before any server.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** The real API server's default request body limit (3 MiB). */
  private static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

  private final KubernetesApi api;
  private final ResourceCatalog catalog;
  private final WatchStream watches;
  private final Consumer<String> log;
  private HttpServer server;
  private ThreadPoolExecutor requestPool;
  private ThreadPoolExecutor watchPool;

  public HttpFront(KubernetesApi api, ResourceCatalog catalog, WatchStream watches, Consumer<String> log) {
    this.api = api;
    this.catalog = catalog;
    this.watches = watches;
    this.log = log;
  }

  /**
   * Binds and starts serving.
   *
   * @param threads threads for plain requests
   * @param maxWatches concurrent watches; more are refused with 429
   * @return the bound port (useful when {@code port} is 0)
   */
  public int start(String host, int port, int threads, int maxWatches) throws IOException {
    requestPool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        daemonThreads("k8s-standin-http-"));
    watchPool = new ThreadPoolExecutor(0, maxWatches, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
        daemonThreads("k8s-standin-watch-"));
    server = HttpServer.create(new InetSocketAddress(host, port), 1024);
    server.setExecutor(requestPool);
    server.createContext("/", this::handle);
    server.start();
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) {
    boolean handedOver = false;
    String method = exchange.getRequestMethod();
    URI uri = exchange.getRequestURI();
    try {
      byte[] body = readBody(exchange);
      if (body == null) {
        respond(exchange, method, uri, Statuses.entityTooLarge());
        return;
      }
      ApiRequest request = new ApiRequest(method, uri.getPath(), ApiRequest.parseQuery(uri.getRawQuery()),
          exchange.getRequestHeaders().getFirst("Content-Type"), new String(body, StandardCharsets.UTF_8));
      if (WatchRequest.isWatch(request)) {
        handedOver = startWatch(exchange, request);
        return;
      }
      respond(exchange, method, uri, api.handle(request));
    } catch (IOException e) {
      // The client closed the connection mid-request: nothing to answer.
    } catch (RuntimeException e) {
      log.accept("request failed: " + method + " " + uri.getRawPath() + " -> 500 " + e);
      try {
        respond(exchange, method, uri, Statuses.internalError(String.valueOf(e.getMessage())));
      } catch (IOException | RuntimeException ignored) {
        // headers may already be out; the connection is closed below
      }
    } finally {
      if (!handedOver) {
        exchange.close();
      }
    }
  }

  /** @return whether the exchange now belongs to a watch thread */
  private boolean startWatch(HttpExchange exchange, ApiRequest request) throws IOException {
    WatchRequest.Plan plan = WatchRequest.plan(request, catalog);
    if (plan.rejection() != null) {
      respond(exchange, request.method(), exchange.getRequestURI(), plan.rejection());
      return false;
    }
    ExchangeWatchSink sink = new ExchangeWatchSink(exchange);
    try {
      watchPool.execute(() -> watches.run(plan.watch(), sink));
      return true;
    } catch (RejectedExecutionException e) {
      respond(exchange, request.method(), exchange.getRequestURI(),
          Statuses.tooManyRequests("too many watches are open on the Kubernetes stand-in"));
      return false;
    }
  }

  private void respond(HttpExchange exchange, String method, URI uri, ApiResponse response) throws IOException {
    if (response.code() >= 400) {
      log.accept("request error: " + method + " " + uri.getRawPath() + " -> " + response.code() + " "
          + response.reason());
    }
    write(exchange, response);
  }

  static void write(HttpExchange exchange, ApiResponse response) throws IOException {
    byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    exchange.sendResponseHeaders(response.code(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The body, or null when it exceeds the limit. */
  private static byte[] readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      return bytes.length > MAX_BODY_BYTES ? null : bytes;
    }
  }

  /** Stops accepting requests and ends open watches (the store must already be closed to wake them). */
  @Override
  public void close() {
    if (server == null) {
      return;
    }
    watchPool.shutdown();
    try {
      if (!watchPool.awaitTermination(2, TimeUnit.SECONDS)) {
        watchPool.shutdownNow();
      }
    } catch (InterruptedException e) {
      watchPool.shutdownNow();
      Thread.currentThread().interrupt();
    }
    server.stop(0);
    requestPool.shutdownNow();
    server = null;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
