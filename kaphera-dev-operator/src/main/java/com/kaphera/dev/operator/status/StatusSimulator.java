package com.kaphera.dev.operator.status;

import com.google.gson.JsonObject;
import com.kaphera.dev.operator.connector.ConnectorSupervisor;
import com.kaphera.dev.operator.kubernetes.ApiFailures;
import com.kaphera.dev.operator.kubernetes.CustomObjects;
import com.kaphera.dev.operator.kubernetes.ListWatch;
import com.kaphera.dev.operator.kubernetes.ResourceKind;
import io.kubernetes.client.openapi.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * DEV ONLY. Plays the operators' part of the status contract: about {@code delay} after an object is
 * created or its spec changes (metadata.generation differs from status.observedGeneration), it
 * writes a Ready status through the status subresource (see {@link ReadyStatus}).
 *
 * <p>Watches hand their events over to one scheduler thread, which alone touches the map of due
 * objects, re-reads each due object and writes it conditionally (its resourceVersion); on 409 it
 * reads again on the next tick. It cannot loop on its own writes: a status write does not change
 * the generation, so the object it produces is already reconciled. Should a CRD's schema prune
 * status.observedGeneration, that generation is given up (logged once) rather than written forever.
 */
public final class StatusSimulator implements AutoCloseable {

  private static final long TICK_MILLIS = 100;
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

  private final CustomObjects objects;
  private final Clock clock;
  private final Duration delay;
  private final Consumer<String> log;
  /** DEV ONLY: the dev wallet's Identity API every IdentityHub is reported at, or null ({@link WalletStatus}). */
  private final String identityApiUrl;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread t = new Thread(runnable, "dev-operator-status");
    t.setDaemon(true);
    return t;
  });
  /** Objects waiting to be marked Ready, with when; touched only on the scheduler thread. */
  private final Map<Target, Instant> due = new LinkedHashMap<>();
  /** Generations whose observedGeneration the API server dropped (schema); scheduler thread only. */
  private final Map<Target, Long> givenUp = new HashMap<>();
  /** Real connectors for ControlPlanes (--connectors real), or null; driven from the scheduler thread. */
  private ConnectorSupervisor connectors;

  public StatusSimulator(CustomObjects objects, Clock clock, Duration delay, Consumer<String> log) {
    this(objects, clock, delay, log, null);
  }

  /** @param identityApiUrl reported in every IdentityHub's status ({@link WalletStatus}), or null for none */
  public StatusSimulator(CustomObjects objects, Clock clock, Duration delay, Consumer<String> log, String identityApiUrl) {
    this.objects = objects;
    this.clock = clock;
    this.delay = delay;
    this.log = log;
    this.identityApiUrl = identityApiUrl;
  }

  /** Runs work on the scheduler thread (for the real-connector supervisor's hand-overs). */
  public Executor scheduler() {
    return this::onThread;
  }

  /** ControlPlanes get real connectors from {@code supervisor} instead of a simulated status. Before start(). */
  public void runConnectorsWith(ConnectorSupervisor supervisor) {
    this.connectors = supervisor;
  }

  public void start() {
    thread.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Where a watch of {@code kind} sends its objects. */
  public ListWatch.Listener listenerFor(ResourceKind kind) {
    if (connectors != null && ConnectorSupervisor.operates(kind)) {
      return new ListWatch.Listener() {
        @Override
        public void listed(List<JsonObject> items) {
          onThread(() -> items.forEach(object -> route(kind, object)));
        }

        @Override
        public void changed(String type, JsonObject object) {
          onThread(() -> {
            if ("DELETED".equals(type)) {
              connectors.deleted(kind, object);
              Target target = Target.of(kind, object);
              due.remove(target);
              givenUp.remove(target);
            } else {
              route(kind, object);
            }
          });
        }
      };
    }
    return new ListWatch.Listener() {
      @Override
      public void listed(List<JsonObject> items) {
        onThread(() -> items.forEach(object -> consider(kind, object)));
      }

      @Override
      public void changed(String type, JsonObject object) {
        onThread(() -> {
          if ("DELETED".equals(type)) {
            Target target = Target.of(kind, object);
            due.remove(target);
            givenUp.remove(target);
          } else {
            consider(kind, object);
          }
        });
      }
    };
  }

  /**
   * A ControlPlane annotated {@value #STATUS_ONLY_ANNOTATION}{@code : status-only} keeps the simulated status
   * even in real-connector mode (benchmarks that create hundreds of connectors).
   */
  public static final String STATUS_ONLY_ANNOTATION = "edc.kaphera.io/dev-connector";

  private void route(ResourceKind kind, JsonObject object) {
    JsonObject metadata = object.getAsJsonObject("metadata");
    JsonObject annotations = metadata == null || !metadata.has("annotations") || !metadata.get("annotations").isJsonObject()
        ? null : metadata.getAsJsonObject("annotations");
    if (annotations != null && annotations.has(STATUS_ONLY_ANNOTATION)
        && "status-only".equals(annotations.get(STATUS_ONLY_ANNOTATION).getAsString())) {
      consider(kind, object);
    } else {
      connectors.consider(kind, object);
    }
  }

  /** Drops everything due of a kind that is no longer operated (its CRD is gone or changed). */
  public void forget(ResourceKind kind) {
    onThread(() -> {
      due.keySet().removeIf(target -> target.kind().equals(kind));
      givenUp.keySet().removeIf(target -> target.kind().equals(kind));
      if (connectors != null) {
        connectors.forget(kind);
      }
    });
  }

  private void onThread(Runnable work) {
    try {
      thread.execute(work);
    } catch (RejectedExecutionException e) {
      // closing: nothing more is written
    }
  }

  private void consider(ResourceKind kind, JsonObject object) {
    Target target = Target.of(kind, object);
    long generation = ReadyStatus.generation(object);
    Long abandoned = givenUp.get(target);
    if (abandoned != null && abandoned != generation) {
      givenUp.remove(target);
      abandoned = null;
    }
    if (ReadyStatus.isDeleting(object)) {
      due.remove(target);
    } else if (abandoned == null && ReadyStatus.needsReconcile(object)) {
      due.putIfAbsent(target, clock.instant().plus(delay));
    }
  }

  private void tick() {
    try {
      Instant now = clock.instant();
      if (connectors != null) {
        connectors.tick(now);
      }
      for (Iterator<Map.Entry<Target, Instant>> it = due.entrySet().iterator(); it.hasNext();) {
        Map.Entry<Target, Instant> entry = it.next();
        if (entry.getValue().isAfter(now)) {
          continue;
        }
        Instant retry = reconcile(entry.getKey());
        if (retry == null) {
          it.remove();
        } else {
          entry.setValue(retry);
        }
      }
    } catch (RuntimeException e) {
      log.accept("status simulation: " + e);
    }
  }

  /** @return null when done with the object, else when to try again */
  private Instant reconcile(Target target) {
    try {
      JsonObject object = objects.get(target.kind(), target.namespace(), target.name());
      if (object == null || ReadyStatus.isDeleting(object) || !ReadyStatus.needsReconcile(object)) {
        return null;
      }
      long generation = ReadyStatus.generation(object);
      JsonObject status = ReadyStatus.of(object.get("status"), generation, clock.instant());
      if (identityApiUrl != null && WalletStatus.applies(target.kind())) {
        status = WalletStatus.withWallet(status, object, identityApiUrl);
      }
      object.add("status", status);
      JsonObject written = objects.replaceStatus(target.kind(), object);
      if (ReadyStatus.needsReconcile(written)) {
        givenUp.put(target, generation);
        log.accept("WARNING " + target + ": the API server did not keep status.observedGeneration (does the CRD's"
            + " status schema declare it?); not writing generation " + generation + " again");
      } else {
        log.accept("marked Ready: " + target + " (generation " + generation + ")");
      }
      return null;
    } catch (ApiException e) {
      if (e.getCode() == 409) {
        return clock.instant(); // changed under us: read it again on the next tick
      }
      if (e.getCode() == 404) {
        return null;
      }
      boolean retry = e.getCode() == 0 || e.getCode() == 429 || e.getCode() >= 500;
      log.accept("could not write the status of " + target + ": " + ApiFailures.describe(e)
          + (retry ? "; retrying" : "; not retrying until it changes"));
      return retry ? clock.instant().plus(RETRY_AFTER_FAILURE) : null;
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }

  public boolean await(Duration timeout) throws InterruptedException {
    return thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** An object of an operated kind; namespace is null for cluster-scoped kinds. */
  private record Target(ResourceKind kind, String namespace, String name) {

    static Target of(ResourceKind kind, JsonObject object) {
      JsonObject metadata = object.getAsJsonObject("metadata");
      String namespace = metadata.has("namespace") ? metadata.get("namespace").getAsString() : null;
      return new Target(kind, namespace, metadata.get("name").getAsString());
    }

    @Override
    public String toString() {
      return kind.kind() + " " + (namespace == null ? "" : namespace + "/") + name;
    }
  }
}
