package com.kaphera.dev.operator.kubernetes;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.lang.reflect.Type;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import okhttp3.Call;

/**
 * Keeps a listener in step with one collection, the way client-go's reflector does: list (all
 * pages), then watch from the list's resourceVersion, resuming from the last version seen when a
 * watch ends or breaks; when the server no longer has that version (410 Gone) it lists again. A
 * watch silent for {@link KubernetesClients#WATCH_SILENCE} is re-established. Runs on its own
 * daemon thread until closed.
 */
public final class ListWatch implements AutoCloseable {

  /** Receives the collection; called on this watch's thread. */
  public interface Listener {
    /** Every object of a fresh (re)list. */
    void listed(List<JsonObject> items);

    /** One change: ADDED, MODIFIED or DELETED. */
    void changed(String type, JsonObject object);
  }

  private static final Type EVENT = TypeToken.getParameterized(Watch.Response.class, JsonObject.class).getType();
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final String name;
  private final KubernetesClients clients;
  private final CollectionRequest request;
  private final Listener listener;
  private final Consumer<String> log;
  private final Thread thread;
  private volatile boolean closed;
  private volatile Call current;
  /** Where the watch resumes: the last resourceVersion seen; null to list first. Watch thread only. */
  private String resumeFrom;
  private int failures;

  public ListWatch(String name, KubernetesClients clients, CollectionRequest request, Listener listener,
      Consumer<String> log) {
    this.name = name;
    this.clients = clients;
    this.request = request;
    this.listener = listener;
    this.log = log;
    this.thread = new Thread(this::run, "dev-operator-watch-" + name);
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  private void run() {
    while (!closed) {
      try {
        if (resumeFrom == null) {
          listAll();
        }
        watch();
      } catch (ApiException e) {
        if (closed) {
          return;
        }
        if (e.getCode() == 410) {
          relist();
        } else {
          backOff(ApiFailures.describe(e));
        }
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        if (causedBy(e, SocketTimeoutException.class)) {
          log.accept(name + ": no event for " + KubernetesClients.WATCH_SILENCE.toMinutes()
              + " minutes; re-establishing the watch");
        } else {
          backOff(e.getCause() != null ? e.getMessage() + ": " + e.getCause() : String.valueOf(e));
        }
      }
    }
  }

  /** All pages, handed over at once; the watch carries on from the list's resourceVersion. */
  private void listAll() throws ApiException {
    List<JsonObject> items = new ArrayList<>();
    String listVersion = null;
    String continueToken = null;
    do {
      Call call = track(request.build(clients.requests(), null, continueToken, false));
      JsonObject page = clients.requests().<JsonObject>execute(call, JsonObject.class).getData();
      for (JsonElement item : page.getAsJsonArray("items")) {
        items.add(item.getAsJsonObject());
      }
      JsonObject metadata = page.getAsJsonObject("metadata");
      listVersion = listVersion != null ? listVersion : metadata.get("resourceVersion").getAsString();
      continueToken = metadata.has("continue") ? metadata.get("continue").getAsString() : null;
    } while (continueToken != null && !continueToken.isEmpty() && !closed);
    recovered();
    deliver(() -> listener.listed(items));
    resumeFrom = listVersion;
  }

  /** Until the server ends the watch (its timeout) or the watch breaks; the resume point follows each event. */
  private void watch() throws ApiException {
    Call call = track(request.build(clients.watches(), resumeFrom, null, true));
    try (Watch<JsonObject> watch = Watch.createWatch(clients.watches(), call, EVENT)) {
      recovered();
      for (Watch.Response<JsonObject> event : watch) {
        if (closed) {
          return;
        }
        if ("ERROR".equals(event.type)) {
          V1Status status = event.status;
          if (status != null && Integer.valueOf(410).equals(status.getCode())) {
            relist();
            return;
          }
          throw new IllegalStateException("watch error: " + (status == null ? "?" : status.getMessage()));
        }
        if (!"BOOKMARK".equals(event.type)) {
          deliver(() -> listener.changed(event.type, event.object));
        }
        resumeFrom = event.object.getAsJsonObject("metadata").get("resourceVersion").getAsString();
      }
    } catch (IOException e) {
      throw new IllegalStateException("closing the watch", e);
    }
  }

  private void relist() {
    log.accept(name + ": resume point gone (410); listing again");
    resumeFrom = null;
  }

  /** A listener's failure is logged and skipped: retrying the same event would only fail again. */
  private void deliver(Runnable delivery) {
    try {
      delivery.run();
    } catch (RuntimeException e) {
      log.accept(name + ": could not handle an event: " + e);
    }
  }

  /** Remembers the call so that close() can cancel it, even when close() came first. */
  private Call track(Call call) {
    current = call;
    if (closed) {
      call.cancel();
    }
    return call;
  }

  private void recovered() {
    if (failures > 0) {
      log.accept(name + ": reconnected after " + failures + " failed attempt(s)");
    }
    failures = 0;
  }

  private void backOff(String reason) {
    failures++;
    if (failures == 1 || failures % 20 == 0) {
      log.accept(name + ": list/watch failed (" + reason + "); retrying (attempt " + failures + ")");
    }
    try {
      Thread.sleep(Math.min(200L << Math.min(failures, 10), MAX_BACKOFF.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** Ends the watch; the thread stops at once (a blocked read is cancelled). */
  @Override
  public void close() {
    closed = true;
    Call call = current;
    if (call != null) {
      call.cancel();
    }
    thread.interrupt();
  }

  /** Waits up to {@code timeout} for the thread to end after {@link #close()}; false if it has not. */
  public boolean await(Duration timeout) throws InterruptedException {
    thread.join(Math.max(1, timeout.toMillis()));
    return !thread.isAlive();
  }

  @Override
  public String toString() {
    return name;
  }
}
