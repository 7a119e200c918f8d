package com.kaphera.dev.kubernetes.store;

import java.util.List;

/**
 * Changes after a watch's cursor, or the news that some were already dropped from the history (a
 * watcher that fell that far behind must end with 410 Expired and relist, as with the real server).
 */
public record EventBatch(List<ChangeEvent> events, boolean expired, long requested, long evictedThrough) {

  static EventBatch of(List<ChangeEvent> events) {
    return new EventBatch(events, false, 0, 0);
  }

  static EventBatch expired(long requested, long evictedThrough) {
    return new EventBatch(List.of(), true, requested, evictedThrough);
  }
}
