package com.kaphera.dev.kubernetes;

import com.kaphera.dev.kubernetes.api.KubernetesApi;
import com.kaphera.dev.kubernetes.catalog.ResourceCatalog;
import com.kaphera.dev.kubernetes.http.HttpFront;
import com.kaphera.dev.kubernetes.manifest.ManifestLoader;
import com.kaphera.dev.kubernetes.operator.DevOnlySimulatedOperator;
import com.kaphera.dev.kubernetes.store.ObjectStore;
import com.kaphera.dev.kubernetes.store.StandInDispatcher;
import com.kaphera.dev.kubernetes.watch.WatchStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * DEV/TEST ONLY: a stand-in for the Kubernetes API server, over plain HTTP and without
 * authentication, for machines where no real kube-apiserver can run. fabric8's CRUD mock dispatcher
 * stores the objects and decides write semantics; this process adds what client-java needs and the
 * mock lacks (HTTP streaming watches resumable from a resource version, paging, Status errors,
 * preconditions). See README.md for what it does not do.
 *
 * <p>Programmatic use (tests): {@code try (KubernetesStandIn k8s = KubernetesStandIn.start(options))
 * { ... k8s.url() ... }}.
 */
public final class KubernetesStandIn implements AutoCloseable {

  private final ObjectStore store;
  private final HttpFront front;
  private final DevOnlySimulatedOperator operator;
  private final String host;
  private final int port;
  private volatile boolean closed;

  private KubernetesStandIn(ObjectStore store, HttpFront front, DevOnlySimulatedOperator operator, String host,
      int port) {
    this.store = store;
    this.front = front;
    this.operator = operator;
    this.host = host;
    this.port = port;
  }

  /**
   * Loads the CRDs and seed manifests, then starts listening: clients never see a half-loaded API.
   *
   * @throws IOException when the port cannot be bound or a manifest directory cannot be read
   * @throws IllegalStateException when a manifest cannot be applied (names file and object)
   */
  public static KubernetesStandIn start(StandInOptions options) throws IOException {
    ResourceCatalog catalog = new ResourceCatalog();
    ObjectStore store = new ObjectStore(options.history(), catalog::onChange);
    StandInDispatcher dispatcher = new StandInDispatcher(store);
    int[] boundPort = new int[1];
    KubernetesApi api = new KubernetesApi(store, dispatcher, catalog, Clock.systemUTC(),
        () -> options.host() + ":" + boundPort[0]);
    ManifestLoader loader = new ManifestLoader(api, catalog);
    int crds = options.crds() == null ? 0 : loader.applyDirectory(options.crds());
    int seeded = options.seed() == null ? 0 : loader.applyDirectory(options.seed());

    HttpFront front = new HttpFront(api, catalog, new WatchStream(store, options.bookmarkInterval(), StandInLog::line),
        StandInLog::line);
    boundPort[0] = front.start(options.host(), options.port(), options.threads(), options.maxWatches());
    DevOnlySimulatedOperator operator = null;
    if (options.simulateOperator()) {
      operator = new DevOnlySimulatedOperator(api, store, catalog, Clock.systemUTC(), Duration.ofSeconds(1),
          StandInLog::line);
      operator.start();
    }
    KubernetesStandIn standIn = new KubernetesStandIn(store, front, operator, options.host(), boundPort[0]);
    if (options.portFile() != null) {
      writeAtomically(options.portFile(), Integer.toString(boundPort[0]));
    }
    StandInLog.line("started on " + standIn.url() + " (" + crds + " CRD manifest objects, " + seeded
        + " seeded objects, history " + options.history() + " events, bookmarks every "
        + options.bookmarkInterval().toSeconds() + " s" + (operator != null ? ", simulated operator ON" : "") + ")");
    return standIn;
  }

  public int port() {
    return port;
  }

  /** e.g. http://127.0.0.1:56443, the base path for client-java's ClientBuilder. */
  public String url() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** Ends watches, stops listening and stops the simulated operator. Safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (operator != null) {
      operator.close();
    }
    store.close();
    front.close();
    StandInLog.line("stopped (port " + port + ")");
  }

  public static void main(String[] args) {
    StandInOptions options;
    try {
      options = StandInOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(StandInOptions.USAGE);
      System.exit(2);
      return;
    }
    KubernetesStandIn standIn;
    try {
      standIn = start(options);
    } catch (IOException | RuntimeException e) {
      StandInLog.line("failed to start: " + e.getMessage());
      System.exit(1);
      return;
    }
    // SIGTERM/SIGINT run shutdown hooks: end watches and close the port before the JVM exits.
    Runtime.getRuntime().addShutdownHook(new Thread(standIn::close, "k8s-standin-shutdown"));
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    Path absolute = file.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
    Files.writeString(temporary, content + "\n", StandardCharsets.UTF_8);
    Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
