package com.kaphera.dev.kubernetes.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaphera.dev.kubernetes.api.ApiRequest;
import com.kaphera.dev.kubernetes.api.ApiResponse;
import com.kaphera.dev.kubernetes.api.KubernetesApi;
import com.kaphera.dev.kubernetes.api.ResourcePath;
import com.kaphera.dev.kubernetes.catalog.ResourceCatalog;
import com.kaphera.dev.kubernetes.catalog.ResourceInfo;
import com.kaphera.dev.kubernetes.store.ChangeEvent;
import com.kaphera.dev.kubernetes.store.EventBatch;
import com.kaphera.dev.kubernetes.store.ObjectKey;
import com.kaphera.dev.kubernetes.store.ObjectStore;
import com.kaphera.dev.kubernetes.store.ResourceType;
import com.kaphera.dev.kubernetes.store.StoredObject;
import com.kaphera.dev.kubernetes.support.Jackson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * DEV ONLY. Pretends the Kaphera operators exist: about a second after a custom resource of a
 * {@code *.kaphera.io} group is created or its spec changes (its {@code metadata.generation} differs
 * from {@code status.observedGeneration}), it writes a Ready status through the status subresource,
 * so the server's UI and flows can be exercised without a cluster. Nothing actually runs, which is
 * why every start logs a loud warning and the conditions' message says so.
 *
 * <p>It reads changes from the store's history on one scheduled thread. It cannot loop on its own
 * writes: a status update does not change the generation, so the object it produces is already
 * reconciled. Other status fields (endpoints, for instance) are left exactly as they are: nothing is
 * invented that a real operator would have to report.
 */
public final class DevOnlySimulatedOperator implements AutoCloseable {

  private static final String JSON = "application/json";
  private static final String MESSAGE =
      "DEV ONLY: simulated by the Kubernetes stand-in (--simulate-operator); no operator reconciled this resource";
  private static final Set<String> OWN_CONDITIONS = Set.of("Ready", "Progressing", "Degraded");
  private static final long TICK_MILLIS = 100;

  private final KubernetesApi api;
  private final ObjectStore store;
  private final ResourceCatalog catalog;
  private final Clock clock;
  private final Duration delay;
  private final Consumer<String> log;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread t = new Thread(runnable, "dev-only-simulated-operator");
    t.setDaemon(true);
    return t;
  });
  /** Objects waiting to be marked Ready, with when; touched only on the operator's thread. */
  private final Map<Target, Instant> due = new LinkedHashMap<>();
  private long cursor;

  public DevOnlySimulatedOperator(KubernetesApi api, ObjectStore store, ResourceCatalog catalog, Clock clock,
      Duration delay, Consumer<String> log) {
    this.api = api;
    this.store = store;
    this.catalog = catalog;
    this.clock = clock;
    this.delay = delay;
    this.log = log;
  }

  /** Starts from the beginning of the history, so objects seeded before the start are picked up too. */
  public void start() {
    log.accept("DEV ONLY: simulating operators: custom resources of *.kaphera.io groups are marked Ready about "
        + delay.toMillis() + " ms after each spec change. Nothing is deployed; never use this outside development.");
    thread.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      collectChanges();
      reconcileDue();
    } catch (RuntimeException e) {
      log.accept("simulated operator: " + e);
    }
  }

  private void collectChanges() {
    while (true) {
      EventBatch batch = store.eventsAfter(cursor, 1000);
      if (batch.expired()) {
        // Fell behind the history (a burst of writes): look at every object once instead.
        cursor = store.revision();
        store.all(this::isOperated).forEach(this::consider);
        continue;
      }
      if (batch.events().isEmpty()) {
        return;
      }
      for (ChangeEvent change : batch.events()) {
        cursor = change.resourceVersion();
        if (change.after() != null) {
          consider(change.after());
        } else if (isOperated(change.type())) {
          due.remove(new Target(change.type(), change.before().key()));
        }
      }
    }
  }

  private void consider(StoredObject object) {
    if (isOperated(object.type()) && needsReconcile(parse(object.json()))) {
      due.putIfAbsent(new Target(object.type(), object.key()), clock.instant().plus(delay));
    }
  }

  private void reconcileDue() {
    Instant now = clock.instant();
    for (Iterator<Map.Entry<Target, Instant>> it = due.entrySet().iterator(); it.hasNext();) {
      Map.Entry<Target, Instant> entry = it.next();
      if (entry.getValue().isAfter(now)) {
        continue;
      }
      if (reconcile(entry.getKey())) {
        it.remove();
      }
    }
  }

  /** @return false to try again on the next tick (the object changed under us) */
  private boolean reconcile(Target target) {
    StoredObject current = store.get(target.type(), target.key());
    if (current == null) {
      return true;
    }
    ObjectNode object = parse(current.json());
    if (!needsReconcile(object) || object.path("metadata").has("deletionTimestamp")) {
      return true;
    }
    long generation = object.path("metadata").path("generation").asLong(1);
    object.set("status", readyStatus(object.path("status"), generation));
    String path = ResourcePath.object(target.type(), target.key(), "status").objectPath();
    ApiResponse response = api.handle(ApiRequest.of("PUT", path, JSON, object.toString()));
    if (response.code() == 409) {
      return false;
    }
    if (!response.isSuccess()) {
      log.accept("simulated operator could not write the status of " + path + ": " + response.code() + " "
          + response.reason());
    }
    return true;
  }

  /**
   * The existing status with observedGeneration, phase and the Ready/Progressing/Degraded conditions
   * set; a condition keeps its lastTransitionTime while its status does not change, as controllers do.
   */
  private ObjectNode readyStatus(JsonNode existing, long generation) {
    ObjectNode status = existing.isObject() ? ((ObjectNode) existing).deepCopy() : Jackson.MAPPER.createObjectNode();
    status.put("observedGeneration", generation);
    status.put("phase", "Ready");
    Map<String, JsonNode> previous = new LinkedHashMap<>();
    ArrayNode conditions = Jackson.MAPPER.createArrayNode();
    for (JsonNode condition : status.path("conditions")) {
      String type = condition.path("type").asText();
      if (OWN_CONDITIONS.contains(type)) {
        previous.put(type, condition);
      } else {
        conditions.add(condition);
      }
    }
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    conditions.insert(0, condition("Ready", "True", generation, previous, now));
    conditions.insert(1, condition("Progressing", "False", generation, previous, now));
    conditions.insert(2, condition("Degraded", "False", generation, previous, now));
    status.set("conditions", conditions);
    return status;
  }

  private static ObjectNode condition(String type, String value, long generation, Map<String, JsonNode> previous,
      String now) {
    ObjectNode condition = Jackson.MAPPER.createObjectNode();
    condition.put("type", type);
    condition.put("status", value);
    condition.put("reason", "Reconciled");
    condition.put("message", MESSAGE);
    JsonNode before = previous.get(type);
    boolean unchanged = before != null && value.equals(before.path("status").asText()) && before.hasNonNull("lastTransitionTime");
    condition.put("lastTransitionTime", unchanged ? before.get("lastTransitionTime").asText() : now);
    condition.put("observedGeneration", generation);
    return condition;
  }

  private boolean isOperated(ResourceType type) {
    return type.group().endsWith(".kaphera.io")
        && catalog.resolve(type).map(ResourceInfo::statusSubresource).orElse(false);
  }

  private static boolean needsReconcile(JsonNode object) {
    JsonNode observed = object.path("status").path("observedGeneration");
    return !observed.canConvertToLong()
        || observed.asLong() != object.path("metadata").path("generation").asLong(1);
  }

  private static ObjectNode parse(String json) {
    try {
      return (ObjectNode) Jackson.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }

  private record Target(ResourceType type, ObjectKey key) {
  }
}
