package com.kaphera.dev.kubernetes.watch;

import com.kaphera.dev.kubernetes.api.ApiResponse;
import com.kaphera.dev.kubernetes.api.Statuses;
import com.kaphera.dev.kubernetes.store.ChangeEvent;
import com.kaphera.dev.kubernetes.store.EventBatch;
import com.kaphera.dev.kubernetes.store.ObjectStore;
import com.kaphera.dev.kubernetes.store.StoredObject;
import com.kaphera.dev.kubernetes.store.WatchStart;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Runs HTTP streaming watches (client-java's kind; fabric8's mock only offers WebSocket watches) on
 * the store's history: first the current objects or the history after the requested resource
 * version, then every new change, in resource-version order, with no gap and no duplicate, because
 * the cursor moves over one totally ordered log. Each watch holds its thread; it parks in the store
 * between changes and ends on timeout, on shutdown, or when a write fails because the client left.
 */
public final class WatchStream {

  /** How many events a watch takes from the history per lock acquisition. */
  private static final int BATCH = 512;

  private final ObjectStore store;
  private final Duration bookmarkInterval;
  private final Consumer<String> log;

  public WatchStream(ObjectStore store, Duration bookmarkInterval, Consumer<String> log) {
    this.store = store;
    this.bookmarkInterval = bookmarkInterval;
    this.log = log;
  }

  public void run(WatchRequest watch, WatchSink sink) {
    try {
      stream(watch, sink);
    } catch (IOException e) {
      // The client went away (or the server is stopping): nothing to tell anyone.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.accept("watch of " + watch.info().type().qualifiedPlural() + " failed: " + e);
    } finally {
      sink.close();
    }
  }

  private void stream(WatchRequest watch, WatchSink sink) throws IOException, InterruptedException {
    WatchStart start = store.startWatch(watch.info().type(), watch.filter(), watch.fromVersion());
    if (start.outcome() == WatchStart.Outcome.TOO_LARGE) {
      ApiResponse tooLarge = Statuses.tooLargeResourceVersion(start.cursor(), start.oldestAvailable());
      sink.reject(tooLarge);
      return;
    }
    sink.open();
    if (start.outcome() == WatchStart.Outcome.EXPIRED) {
      sink.send(WatchEvents.error(Statuses.expired(start.cursor(), start.oldestAvailable())));
      return;
    }
    for (StoredObject object : start.initial()) {
      sink.send(WatchEvents.event("ADDED", object.json()));
    }
    long cursor = start.cursor();
    if (watch.sendInitialEventsEnd()) {
      sink.send(WatchEvents.bookmark(watch.info(), cursor, true));
    }
    long deadline = System.nanoTime() + watch.timeout().toNanos();
    long nextBookmark = System.nanoTime() + bookmarkInterval.toNanos();
    while (!store.isClosed()) {
      EventBatch batch = store.eventsAfter(cursor, BATCH);
      if (batch.expired()) {
        // This watcher fell further behind than the history reaches: the client must relist.
        sink.send(WatchEvents.error(Statuses.expired(batch.requested(), batch.evictedThrough())));
        return;
      }
      for (ChangeEvent change : batch.events()) {
        cursor = change.resourceVersion();
        String line = WatchEvents.render(change, watch);
        if (line != null) {
          sink.send(line);
        }
      }
      long now = System.nanoTime();
      if (now - deadline >= 0) {
        return;
      }
      if (watch.bookmarks() && now - nextBookmark >= 0) {
        sink.send(WatchEvents.bookmark(watch.info(), cursor, false));
        nextBookmark = now + bookmarkInterval.toNanos();
      }
      if (batch.events().isEmpty()) {
        long wakeAt = watch.bookmarks() && nextBookmark - deadline < 0 ? nextBookmark : deadline;
        store.awaitChange(cursor, Math.max(1, (wakeAt - now) / 1_000_000));
      }
    }
  }
}
