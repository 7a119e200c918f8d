package com.kaphera.dev.kubernetes.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The last N change events in resource-version order, in a ring buffer. Not thread-safe: the
 * {@link ObjectStore} guards it with the same lock as the current state, so a watch can start from a
 * snapshot and continue from the log without a gap.
 */
final class EventLog {

  private final ChangeEvent[] ring;
  private int start;
  private int size;
  private long evictedThrough;

  EventLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("history must hold at least one event");
    }
    ring = new ChangeEvent[capacity];
  }

  void append(ChangeEvent event) {
    if (size == ring.length) {
      evictedThrough = ring[start].resourceVersion();
      ring[start] = null;
      start = (start + 1) % ring.length;
      size--;
    }
    ring[(start + size) % ring.length] = event;
    size++;
  }

  /**
   * Resource version of the newest event that is no longer retained (0 if none was dropped). A watch
   * from a version below it would miss events, so it must fail with 410 Gone.
   */
  long evictedThrough() {
    return evictedThrough;
  }

  /** Up to {@code max} events with a resource version greater than {@code after}, oldest first. */
  List<ChangeEvent> after(long after, int max) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (at(mid).resourceVersion() <= after) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    int count = Math.min(max, size - lo);
    List<ChangeEvent> events = new ArrayList<>(count);
    for (int i = lo; i < lo + count; i++) {
      events.add(at(i));
    }
    return events;
  }

  private ChangeEvent at(int index) {
    return ring[(start + index) % ring.length];
  }
}
