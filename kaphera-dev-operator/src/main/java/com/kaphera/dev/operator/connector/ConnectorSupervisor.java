package com.kaphera.dev.operator.connector;

import com.google.gson.JsonObject;
import com.kaphera.dev.operator.kubernetes.ApiFailures;
import com.kaphera.dev.operator.kubernetes.CustomObjects;
import com.kaphera.dev.operator.kubernetes.ResourceKind;
import com.kaphera.dev.operator.status.ReadyStatus;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * DEV ONLY. Runs one real EDC 0.15.1 control plane process per ControlPlane object
 * ({@code --connectors real}) and writes a status that tells the truth about it (see
 * {@link ConnectorStatus}).
 *
 * <p>Threads: the operator's one scheduler thread alone touches the map of connectors (events,
 * ticks, status writes, as for every other kind). Launching a process, waiting until it is ready and
 * stopping it take seconds, so they run on a separate pool; their outcome is handed back to the
 * scheduler thread, which discards it if the object changed or went away meanwhile.
 *
 * <p>A new generation (create, spec change, or first sight after the operator started) (re)starts the
 * process after {@code delay}, at most {@link #STARTS_AT_ONCE} starting at a time; deletion stops it
 * (SIGTERM, SIGKILL after 5 s). A process that exits is reported Degraded and restarted after a
 * back-off (1 s doubling to 30 s); a missing Secret is reported Provisioning and retried the same way;
 * a spec that cannot run is reported Failed until it changes.
 */
public final class ConnectorSupervisor {

  public static final String GROUP = "edc.kaphera.io";
  public static final String KIND = "ControlPlane";
  static final Duration STOP_GRACE = Duration.ofSeconds(5);
  static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration RETRY_WRITE = Duration.ofSeconds(1);
  /**
   * How many connectors may be starting at once. An operator that starts meets every ControlPlane of
   * the cluster at once (dozens in a full test run); started all together on two cores, a JVM each,
   * they can take longer than {@link #READY_TIMEOUT}, be restarted and start the storm over.
   */
  static final int STARTS_AT_ONCE = Math.max(2, Runtime.getRuntime().availableProcessors());

  private final CustomObjects objects;
  private final ApiClient client;
  private final Path jar;
  private final Path dir;
  private final Clock clock;
  private final Duration delay;
  private final Consumer<String> log;
  private final Executor scheduler;
  private final ExecutorService work = Executors.newCachedThreadPool(runnable -> {
    Thread t = new Thread(runnable, "dev-operator-connector");
    t.setDaemon(true);
    return t;
  });
  /** Scheduler thread only. */
  private final Map<ControlPlaneRef, Connector> connectors = new HashMap<>();
  /** Every process started and not yet stopped, whatever thread knows of it: what close() stops. */
  private final Set<ConnectorProcess> live = ConcurrentHashMap.newKeySet();
  private final Semaphore starting = new Semaphore(STARTS_AT_ONCE, true);
  /** Set by close(): no process may be started any more. */
  private volatile boolean closed;

  /**
   * @param scheduler runs work on the operator's scheduler thread
   * @param stateDir the connectors' files go to {@code stateDir/connectors}
   */
  public ConnectorSupervisor(CustomObjects objects, ApiClient client, Path jar, Path stateDir, Clock clock,
      Duration delay, Consumer<String> log, Executor scheduler) {
    this.objects = objects;
    this.client = client;
    this.jar = jar.toAbsolutePath();
    this.dir = stateDir.toAbsolutePath().resolve("connectors");
    this.clock = clock;
    this.delay = delay;
    this.log = log;
    this.scheduler = scheduler;
  }

  public static boolean operates(ResourceKind kind) {
    return GROUP.equals(kind.group()) && KIND.equals(kind.kind()) && kind.namespaced();
  }

  /** An object listed, added or modified. Scheduler thread. */
  public void consider(ResourceKind kind, JsonObject object) {
    ControlPlaneRef ref = ControlPlaneRef.of(kind, object);
    if (ReadyStatus.isDeleting(object)) {
      remove(ref, "it is being deleted");
      return;
    }
    long generation = ReadyStatus.generation(object);
    Connector connector = connectors.computeIfAbsent(ref, Connector::new);
    if (connector.generation != generation) {
      connector.generation = generation;
      connector.failures = 0;
      connector.cancelLaunch();
      connector.startAt = clock.instant().plus(delay);
    }
  }

  /** Scheduler thread. */
  public void deleted(ResourceKind kind, JsonObject object) {
    remove(ControlPlaneRef.of(kind, object), "it was deleted");
  }

  /** The kind is no longer operated. Scheduler thread. */
  public void forget(ResourceKind kind) {
    for (ControlPlaneRef ref : new ArrayList<>(connectors.keySet())) {
      if (ref.kind().equals(kind)) {
        remove(ref, "its kind is no longer operated");
      }
    }
  }

  /** Starts what is due and writes pending statuses. Scheduler thread. */
  public void tick(Instant now) {
    for (Connector connector : new ArrayList<>(connectors.values())) {
      if (connector.startAt != null && !connector.startAt.isAfter(now) && connector.launch == null) {
        begin(connector);
      }
      if (connector.write != null && !connector.writeAt.isAfter(now)) {
        write(connector);
      }
    }
  }

  private void remove(ControlPlaneRef ref, String why) {
    Connector connector = connectors.remove(ref);
    if (connector == null) {
      return;
    }
    connector.cancelLaunch();
    ConnectorProcess running = connector.running;
    connector.running = null;
    if (running != null) {
      log.accept("stopping the connector of " + ref + " (" + running + "): " + why);
      work.execute(() -> stop(running));
    }
  }

  private void begin(Connector connector) {
    connector.startAt = null;
    ConnectorProcess previous = connector.running;
    connector.running = null;
    Launch launch = new Launch(connector.ref, connector.generation);
    connector.launch = launch;
    if (connector.failures == 0) {
      // After a failure the Degraded or Provisioning status that says why stays until the outcome is known.
      connector.status(ConnectorStatus.starting(), connector.generation, clock.instant());
    }
    work.execute(() -> {
      Outcome outcome;
      try {
        if (previous != null) {
          stop(previous);
        }
        outcome = launchWhenAllowed(launch);
      } catch (RuntimeException e) {
        outcome = Outcome.crashed("could not be started: " + e);
      }
      Outcome result = outcome;
      scheduler.execute(() -> finished(launch, result));
    });
  }

  /** On the pool: waits for a start permit (ports are chosen after it), then launches. */
  private Outcome launchWhenAllowed(Launch launch) {
    try {
      while (!starting.tryAcquire(1, TimeUnit.SECONDS)) {
        if (launch.cancelled || closed) {
          return Outcome.crashed("start cancelled");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.crashed("start interrupted");
    }
    try {
      return launch(launch);
    } finally {
      starting.release();
    }
  }

  /** On the pool, holding a start permit: everything that takes time. */
  private Outcome launch(Launch launch) {
    ControlPlaneRef ref = launch.ref;
    JsonObject object;
    try {
      object = objects.get(ref.kind(), ref.namespace(), ref.name());
    } catch (ApiException e) {
      return Outcome.waiting("cannot read the ControlPlane: " + ApiFailures.describe(e));
    }
    if (object == null || ReadyStatus.isDeleting(object)) {
      return Outcome.gone();
    }
    ConnectorConfig config;
    List<VaultSecret> secrets = new ArrayList<>();
    String managementKey;
    try {
      config = ConnectorConfig.of(object, ConnectorPorts.allocate());
      managementKey = secret(ref.namespace(), config.managementKey());
      secrets.add(new VaultSecret("MANAGEMENT_API_KEY", ConnectorConfig.MANAGEMENT_KEY_ALIAS, managementKey));
      if (config.stsSecret().isPresent()) {
        secrets.add(new VaultSecret("STS_CLIENT_SECRET", config.stsSecretAlias().orElseThrow(),
            secret(ref.namespace(), config.stsSecret().get())));
      } else if (config.stsSecretAlias().isPresent()) {
        log.accept("WARNING " + ref + ": spec.settings names " + ConnectorConfig.STS_SECRET_ALIAS_KEY + " but the"
            + " annotation " + ConnectorConfig.STS_SECRET_ANNOTATION + " is missing: the connector gets no STS secret");
      }
    } catch (InvalidResource e) {
      return Outcome.invalid(e.getMessage());
    } catch (MissingSecret e) {
      return Outcome.waiting(e.getMessage());
    } catch (ApiException e) {
      return Outcome.waiting("cannot read a Secret: " + ApiFailures.describe(e));
    }
    if (!config.ignoredKeys().isEmpty()) {
      log.accept(ref + ": spec.settings keys owned by the dev connector ignored: " + config.ignoredKeys());
    }
    if (launch.cancelled || closed) {
      return Outcome.crashed("start cancelled");
    }
    ConnectorProcess process;
    try {
      process = ConnectorProcess.launch(jar, dir, ref.fileName(), config, secrets);
    } catch (IOException e) {
      return Outcome.crashed("could not be started: " + e.getMessage());
    }
    live.add(process);
    if (closed) { // close() may have taken its list of processes before this one was in it
      stop(process);
      return Outcome.crashed("start cancelled: the operator is stopping");
    }
    log.accept("started the connector of " + ref + " (generation " + launch.generation + ", pid " + process.pid()
        + ", DSP " + config.dspEndpoint() + ", log " + process.log() + ")");
    try {
      Duration took = process.awaitReady(config, managementKey, READY_TIMEOUT, () -> launch.cancelled || closed);
      log.accept("connector of " + ref + " ready after " + took.toMillis() + " ms");
      return Outcome.ready(process, config);
    } catch (ConnectorProcess.NotReady e) {
      stop(process);
      return Outcome.crashed(e.getMessage());
    } catch (InterruptedException e) {
      stop(process);
      Thread.currentThread().interrupt();
      return Outcome.crashed("start interrupted");
    }
  }

  private String secret(String namespace, SecretRef ref) throws ApiException, MissingSecret {
    V1Secret secret;
    try {
      secret = new CoreV1Api(client).readNamespacedSecret(ref.name(), namespace).execute();
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        throw new MissingSecret("Secret " + namespace + "/" + ref.name() + " does not exist");
      }
      throw e;
    }
    byte[] value = secret.getData() == null ? null : secret.getData().get(ref.key());
    if (value == null || value.length == 0) {
      throw new MissingSecret("Secret " + namespace + "/" + ref.name() + " has no key " + ref.key());
    }
    return new String(value, StandardCharsets.UTF_8);
  }

  /** Back on the scheduler thread. */
  private void finished(Launch launch, Outcome outcome) {
    Connector connector = connectors.get(launch.ref);
    if (connector == null || connector.launch != launch) {
      // deleted, or a newer generation is being started: this process is not wanted
      if (outcome.process != null) {
        work.execute(() -> stop(outcome.process));
      }
      return;
    }
    connector.launch = null;
    Instant now = clock.instant();
    switch (outcome.kind) {
      case READY -> {
        connector.running = outcome.process;
        connector.failures = 0;
        connector.status(ConnectorStatus.running(outcome.config.dspEndpoint(), outcome.config.managementEndpoint()),
            launch.generation, now);
        ConnectorProcess process = outcome.process;
        process.process().onExit().thenRun(() -> scheduler.execute(() -> exited(launch.ref, process)));
      }
      case INVALID -> {
        log.accept("cannot run the connector of " + launch.ref + ": " + outcome.message);
        connector.status(ConnectorStatus.invalid(outcome.message), launch.generation, now);
      }
      case WAITING -> {
        Duration backoff = connector.backoff();
        log.accept("connector of " + launch.ref + " waits: " + outcome.message + "; retrying in " + backoff.toMillis()
            + " ms");
        connector.status(ConnectorStatus.waitingForSecret(outcome.message), launch.generation, now);
        connector.startAt = now.plus(backoff);
      }
      case CRASHED -> {
        Duration backoff = connector.backoff();
        log.accept("connector of " + launch.ref + " " + outcome.message + "; restarting in " + backoff.toMillis()
            + " ms");
        connector.status(ConnectorStatus.crashed(outcome.message), launch.generation, now);
        connector.startAt = now.plus(backoff);
      }
      case GONE -> connectors.remove(launch.ref);
      default -> throw new IllegalStateException(outcome.kind.name());
    }
  }

  /** Scheduler thread: a running process ended without being asked to. */
  private void exited(ControlPlaneRef ref, ConnectorProcess process) {
    live.remove(process);
    Connector connector = connectors.get(ref);
    if (connector == null || connector.running != process) {
      return; // stopped on purpose
    }
    connector.running = null;
    Duration backoff = connector.backoff();
    String what = "exited with code " + process.process().exitValue() + " (log " + process.log() + ")";
    log.accept("connector of " + ref + " " + what + "; restarting in " + backoff.toMillis() + " ms");
    connector.status(ConnectorStatus.crashed(what), connector.generation, clock.instant());
    connector.startAt = clock.instant().plus(backoff);
  }

  /** Scheduler thread: read, apply, write conditionally (as StatusSimulator does). */
  private void write(Connector connector) {
    ControlPlaneRef ref = connector.ref;
    try {
      JsonObject object = objects.get(ref.kind(), ref.namespace(), ref.name());
      if (object == null || ReadyStatus.isDeleting(object) || ReadyStatus.generation(object) != connector.writeGeneration) {
        connector.write = null; // gone, or a newer generation will write its own
        return;
      }
      object.add("status", connector.write.applyTo(object.get("status"), connector.writeGeneration, clock.instant()));
      objects.replaceStatus(ref.kind(), object);
      log.accept("status of " + ref + ": " + connector.write.phase() + " (generation " + connector.writeGeneration
          + (connector.write.ready() ? ", DSP " + connector.write.dspEndpoint() : "") + ")");
      connector.write = null;
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        connector.write = null;
      } else if (e.getCode() == 409) {
        connector.writeAt = clock.instant(); // changed under us: read again on the next tick
      } else {
        log.accept("could not write the status of " + ref + ": " + ApiFailures.describe(e) + "; retrying");
        connector.writeAt = clock.instant().plus(RETRY_WRITE);
      }
    }
  }

  private void stop(ConnectorProcess process) {
    process.stop(STOP_GRACE);
    live.remove(process);
    log.accept("stopped connector " + process);
  }

  /**
   * Stops every connector process (in parallel, each TERM then KILL after 5 s) and the pool. Call
   * after the scheduler thread has stopped.
   */
  public void close() throws InterruptedException {
    // Only flags and the concurrent set: the scheduler thread may not have ended yet.
    closed = true;
    List<Thread> stopping = new ArrayList<>();
    for (ConnectorProcess process : List.copyOf(live)) {
      Thread thread = new Thread(() -> stop(process), "dev-operator-stop-connector");
      thread.start();
      stopping.add(thread);
    }
    for (Thread thread : stopping) {
      thread.join(STOP_GRACE.toMillis() + 2000);
    }
    work.shutdownNow();
    // A launch still starting a process sees `closed` (or the interrupt) and stops it itself.
    work.awaitTermination(2, TimeUnit.SECONDS);
    for (ConnectorProcess process : List.copyOf(live)) {
      process.process().destroyForcibly();
    }
  }

  /** What the scheduler thread knows of one ControlPlane. */
  private static final class Connector {
    final ControlPlaneRef ref;
    long generation = -1;
    Instant startAt;
    Launch launch;
    ConnectorProcess running;
    int failures;
    ConnectorStatus write;
    long writeGeneration;
    Instant writeAt;

    Connector(ControlPlaneRef ref) {
      this.ref = ref;
    }

    void cancelLaunch() {
      if (launch != null) {
        launch.cancelled = true;
        launch = null;
      }
    }

    void status(ConnectorStatus status, long generation, Instant now) {
      write = status;
      writeGeneration = generation;
      writeAt = now;
    }

    Duration backoff() {
      failures++;
      long millis = 1000L << Math.min(failures - 1, 5);
      return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }
  }

  /** One attempt to start a generation's process. */
  private static final class Launch {
    final ControlPlaneRef ref;
    final long generation;
    volatile boolean cancelled;

    Launch(ControlPlaneRef ref, long generation) {
      this.ref = ref;
      this.generation = generation;
    }
  }

  private static final class MissingSecret extends Exception {
    private static final long serialVersionUID = 1L;

    MissingSecret(String message) {
      super(message);
    }
  }

  private enum OutcomeKind { READY, INVALID, WAITING, CRASHED, GONE }

  private record Outcome(OutcomeKind kind, String message, ConnectorProcess process, ConnectorConfig config) {
    static Outcome ready(ConnectorProcess process, ConnectorConfig config) {
      return new Outcome(OutcomeKind.READY, null, process, config);
    }

    static Outcome invalid(String message) {
      return new Outcome(OutcomeKind.INVALID, message, null, null);
    }

    static Outcome waiting(String message) {
      return new Outcome(OutcomeKind.WAITING, message, null, null);
    }

    static Outcome crashed(String message) {
      return new Outcome(OutcomeKind.CRASHED, message, null, null);
    }

    static Outcome gone() {
      return new Outcome(OutcomeKind.GONE, null, null, null);
    }
  }
}
