package com.kaphera.dev.kubernetes.store;

import com.kaphera.dev.kubernetes.support.Jackson;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The stand-in's read model: a copy of every object fabric8's dispatcher holds, indexed by collection
 * and (namespace, name), plus the ordered history of changes. fabric8 keeps objects in one insertion
 * ordered map that it scans per request and keeps no history, which is why reads, paging and HTTP
 * watches are served from here instead.
 *
 * <p>Locking: {@link #record} runs inside fabric8's write lock (it is called from
 * {@code processEvent}) and then takes this store's write lock; readers take only this store's read
 * lock and never fabric8's. The order is therefore always fabric8 lock, then store lock, which rules
 * out a deadlock. Because the current state and the history change under the same lock, a watch can
 * take a snapshot and continue from the history with no gap and no duplicate.
 */
public final class ObjectStore implements AutoCloseable {

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<AttributeSet, StoredObject> byAttributes = new HashMap<>();
  private final Map<ResourceType, NavigableMap<ObjectKey, StoredObject>> byType = new HashMap<>();
  private final EventLog history;
  private final Consumer<ChangeEvent> commitHook;
  private final Object changeSignal = new Object();
  private volatile long revision;
  private volatile boolean closed;

  /**
   * @param historySize how many change events watches can resume from
   * @param commitHook runs under the store's write lock after each change, for indexes that must be
   *     exactly as current as the objects (the resource catalog learns CRDs this way)
   */
  public ObjectStore(int historySize, Consumer<ChangeEvent> commitHook) {
    this.history = new EventLog(historySize);
    this.commitHook = commitHook;
  }

  /**
   * Mirrors one write fabric8 just applied to its map. Called under fabric8's write lock, so writes
   * arrive one at a time and in resource-version order.
   *
   * @param before the key fabric8 removed (null on create)
   * @param after the key fabric8 stored the new state under (null on delete)
   * @param afterJson the new state (null on delete)
   * @param nextResourceVersion fabric8's counter; deletions take a fresh version from it, as an etcd
   *     delete gets its own revision, so that DELETED events are ordered and resumable too
   */
  void record(AttributeSet before, AttributeSet after, String afterJson, LongSupplier nextResourceVersion) {
    ChangeEvent event = null;
    lock.writeLock().lock();
    try {
      StoredObject old = before == null ? null : byAttributes.remove(before);
      if (old != null) {
        collection(old.type()).remove(old.key());
      }
      StoredObject now = null;
      if (afterJson != null) {
        now = new StoredObject(typeOf(after), keyOf(after), after, afterJson, resourceVersionOf(afterJson));
        byAttributes.put(after, now);
        collection(now.type()).put(now.key(), now);
      }
      if (old == null && now == null) {
        return;
      }
      long version = now != null ? now.resourceVersion() : nextResourceVersion.getAsLong();
      // fabric8 re-stores an object whose JSON changed only in field order without a new resource
      // version; that is no change to a client, and no event (an event must have a new version).
      if (version <= revision) {
        return;
      }
      ChangeKind kind = old == null ? ChangeKind.ADDED : now == null ? ChangeKind.DELETED : ChangeKind.MODIFIED;
      event = new ChangeEvent(version, kind, old, now);
      history.append(event);
      revision = version;
      commitHook.accept(event);
    } finally {
      lock.writeLock().unlock();
    }
    if (event != null) {
      synchronized (changeSignal) {
        changeSignal.notifyAll();
      }
    }
  }

  /** Resource version of the newest change: a list's metadata.resourceVersion. */
  public long revision() {
    return revision;
  }

  public StoredObject get(ResourceType type, ObjectKey key) {
    lock.readLock().lock();
    try {
      NavigableMap<ObjectKey, StoredObject> objects = byType.get(type);
      return objects == null ? null : objects.get(key);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * One page of a collection in (namespace, name) order.
   *
   * @param startAfter the last key of the previous page (keyset paging), or null for the first page
   * @param limit at most this many items; 0 for all
   * @param countRemaining whether to count the matching items after this page (costs a scan)
   */
  public ListResult list(ResourceType type, ObjectFilter filter, ObjectKey startAfter, int limit,
      boolean countRemaining) {
    lock.readLock().lock();
    try {
      List<StoredObject> items = new ArrayList<>();
      NavigableMap<ObjectKey, StoredObject> objects = byType.getOrDefault(type, Collections.emptyNavigableMap());
      NavigableMap<ObjectKey, StoredObject> range = objects;
      if (startAfter != null) {
        range = range.tailMap(startAfter, false);
      } else if (filter.namespace() != null) {
        range = range.tailMap(ObjectKey.firstIn(filter.namespace()), true);
      }
      long remaining = 0;
      boolean more = false;
      for (StoredObject object : range.values()) {
        if (filter.namespace() != null && !filter.namespace().equals(object.key().namespace())) {
          if (object.key().namespace().compareTo(filter.namespace()) > 0) {
            break;
          }
          continue;
        }
        if (!filter.matches(object)) {
          continue;
        }
        if (limit <= 0 || items.size() < limit) {
          items.add(object);
        } else {
          more = true;
          remaining++;
          if (!countRemaining) {
            break;
          }
        }
      }
      ObjectKey last = more ? items.get(items.size() - 1).key() : null;
      return new ListResult(items, revision, last, more && countRemaining ? remaining : null);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Where a watch starts. With no resource version the watch first gets the current matching objects
   * (as synthetic ADDED events) and then every change after the snapshot; with a version it replays
   * the history after it, or is told that version is too old.
   */
  public WatchStart startWatch(ResourceType type, ObjectFilter filter, Long fromVersion) {
    lock.readLock().lock();
    try {
      if (fromVersion == null) {
        List<StoredObject> initial = new ArrayList<>();
        for (StoredObject object : byType.getOrDefault(type, Collections.emptyNavigableMap()).values()) {
          if (filter.matches(object)) {
            initial.add(object);
          }
        }
        return WatchStart.snapshot(revision, initial);
      }
      if (fromVersion < history.evictedThrough()) {
        return WatchStart.expired(fromVersion, history.evictedThrough());
      }
      if (fromVersion > revision) {
        return WatchStart.tooLarge(fromVersion, revision);
      }
      return WatchStart.resume(fromVersion);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The changes after {@code cursor}, or expired if some of them were already dropped from history. */
  public EventBatch eventsAfter(long cursor, int max) {
    lock.readLock().lock();
    try {
      if (cursor < history.evictedThrough()) {
        return EventBatch.expired(cursor, history.evictedThrough());
      }
      return EventBatch.of(history.after(cursor, max));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Every current object of the collections {@code wanted} accepts, for consumers that must resync. */
  public List<StoredObject> all(java.util.function.Predicate<ResourceType> wanted) {
    lock.readLock().lock();
    try {
      List<StoredObject> objects = new ArrayList<>();
      byType.forEach((type, collection) -> {
        if (wanted.test(type)) {
          objects.addAll(collection.values());
        }
      });
      return objects;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Waits until a change newer than {@code seen} is recorded, the timeout passes or the store closes.
   * Watch threads park here rather than polling.
   */
  public void awaitChange(long seen, long timeoutMillis) throws InterruptedException {
    if (timeoutMillis <= 0) {
      return;
    }
    synchronized (changeSignal) {
      if (revision == seen && !closed) {
        changeSignal.wait(timeoutMillis);
      }
    }
  }

  public boolean isClosed() {
    return closed;
  }

  /** Wakes every waiting watch so it can end its response. */
  @Override
  public void close() {
    closed = true;
    synchronized (changeSignal) {
      changeSignal.notifyAll();
    }
  }

  private NavigableMap<ObjectKey, StoredObject> collection(ResourceType type) {
    return byType.computeIfAbsent(type, t -> new TreeMap<>());
  }

  private static ResourceType typeOf(AttributeSet attributes) {
    return new ResourceType(value(attributes, "api"), value(attributes, "version"), value(attributes, "plural"));
  }

  private static ObjectKey keyOf(AttributeSet attributes) {
    return new ObjectKey(value(attributes, "namespace"), value(attributes, "name"));
  }

  private static String value(AttributeSet attributes, String key) {
    Attribute attribute = attributes.getAttribute(key);
    return attribute == null || attribute.getValues().isEmpty() ? null : attribute.getValues().get(0).toString();
  }

  private static long resourceVersionOf(String json) {
    try {
      return Long.parseLong(Jackson.MAPPER.readTree(json).path("metadata").path("resourceVersion").asText("0"));
    } catch (Exception e) {
      return 0;
    }
  }
}
