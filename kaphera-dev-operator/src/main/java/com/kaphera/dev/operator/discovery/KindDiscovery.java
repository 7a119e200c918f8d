package com.kaphera.dev.operator.discovery;

import com.google.gson.JsonObject;
import com.kaphera.dev.operator.kubernetes.CollectionRequest;
import com.kaphera.dev.operator.kubernetes.KubernetesClients;
import com.kaphera.dev.operator.kubernetes.ListWatch;
import com.kaphera.dev.operator.kubernetes.ResourceKind;
import com.kaphera.dev.operator.status.StatusSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Watches the CustomResourceDefinitions and keeps one cluster-wide watch running per operated kind
 * (see {@link OperatedKinds}): kinds defined later are picked up, kinds whose definition goes away
 * or changes version are dropped or re-watched.
 */
public final class KindDiscovery {

  private final KubernetesClients clients;
  private final StatusSimulator simulator;
  private final Consumer<String> log;
  private final ListWatch definitions;
  /** Running watches by CRD name; guarded by this. */
  private final Map<String, Running> running = new HashMap<>();
  private boolean closed;

  public KindDiscovery(KubernetesClients clients, StatusSimulator simulator, Consumer<String> log) {
    this.clients = clients;
    this.simulator = simulator;
    this.log = log;
    this.definitions = new ListWatch("customresourcedefinitions", clients, CollectionRequest.definitions(),
        new ListWatch.Listener() {
          @Override
          public void listed(List<JsonObject> items) {
            onListed(items);
          }

          @Override
          public void changed(String type, JsonObject definition) {
            if ("DELETED".equals(type)) {
              stop(name(definition), "its definition was deleted");
            } else {
              apply(definition);
            }
          }
        }, log);
  }

  public void start() {
    definitions.start();
  }

  private synchronized void onListed(List<JsonObject> items) {
    Set<String> present = new HashSet<>();
    for (JsonObject definition : items) {
      present.add(name(definition));
      apply(definition);
    }
    for (String name : new ArrayList<>(running.keySet())) {
      if (!present.contains(name)) {
        stop(name, "its definition was deleted");
      }
    }
    log.accept("watching custom resource definitions; " + running.size() + " operated kind(s): "
        + running.values().stream().map(r -> r.kind().kind()).sorted().toList());
  }

  private synchronized void apply(JsonObject definition) {
    String name = name(definition);
    Optional<ResourceKind> kind = OperatedKinds.of(definition);
    Running current = running.get(name);
    if (current != null && kind.isPresent() && current.kind().equals(kind.get())) {
      return;
    }
    if (current != null) {
      stop(name, kind.isPresent() ? "its definition changed" : "it is no longer operated");
    }
    if (kind.isPresent() && !closed) {
      ListWatch watch = new ListWatch(kind.get().toString(), clients, CollectionRequest.objects(kind.get()),
          simulator.listenerFor(kind.get()), log);
      running.put(name, new Running(kind.get(), watch));
      watch.start();
      log.accept("watching " + kind.get().kind() + " (" + kind.get() + ") in all namespaces");
    }
  }

  private synchronized void stop(String name, String why) {
    Running current = running.remove(name);
    if (current != null) {
      current.watch().close();
      simulator.forget(current.kind());
      log.accept("stopped watching " + current.kind().kind() + " (" + current.kind() + "): " + why);
    }
  }

  private static String name(JsonObject definition) {
    return definition.getAsJsonObject("metadata").get("name").getAsString();
  }

  /** Ends every watch, waiting up to {@code timeout} in all for their threads. */
  public void close(Duration timeout) throws InterruptedException {
    List<ListWatch> watches = new ArrayList<>();
    synchronized (this) {
      closed = true;
      running.values().forEach(r -> watches.add(r.watch()));
      running.clear();
    }
    watches.add(definitions);
    watches.forEach(ListWatch::close);
    Instant deadline = Instant.now().plus(timeout);
    for (ListWatch watch : watches) {
      if (!watch.await(Duration.between(Instant.now(), deadline))) {
        log.accept("the watch of " + watch + " did not stop within " + timeout.toMillis() + " ms");
      }
    }
  }

  private record Running(ResourceKind kind, ListWatch watch) {
  }
}
