package com.kaphera.dev.kubernetes.store;

import java.util.List;

/**
 * One page of a list.
 *
 * @param revision the store's resource version when the page was read
 * @param lastKey key of the last item when more items follow (the next page starts after it), else null
 * @param remaining how many matching items follow, when counted, else null
 */
public record ListResult(List<StoredObject> items, long revision, ObjectKey lastKey, Long remaining) {

  public boolean hasMore() {
    return lastKey != null;
  }
}
