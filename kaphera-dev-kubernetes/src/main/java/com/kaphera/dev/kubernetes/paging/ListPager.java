package com.kaphera.dev.kubernetes.paging;

import com.kaphera.dev.kubernetes.catalog.ResourceInfo;
import com.kaphera.dev.kubernetes.store.ListResult;
import com.kaphera.dev.kubernetes.store.ObjectFilter;
import com.kaphera.dev.kubernetes.store.ObjectStore;
import com.kaphera.dev.kubernetes.store.StoredObject;
import com.kaphera.dev.kubernetes.support.Jackson;

/**
 * Lists with {@code limit} and {@code continue} as the real server pages them, rendered straight from
 * the stored JSON strings (no re-serialisation: lists are what the throughput benchmark measures).
 *
 * <p>Every page reports the first page's resource version, as the real server does. Pages are read
 * from the current state rather than a snapshot at that version (there is no MVCC here), so a walk may
 * include objects created after the first page; a watch started from the reported version replays
 * those changes again, which list-then-watch clients tolerate, while missing one would not be.
 */
public final class ListPager {

  private final ObjectStore store;

  public ListPager(ObjectStore store) {
    this.store = store;
  }

  /**
   * @param limit page size, 0 or less for everything
   * @param continueToken the previous page's token, or null/empty for the first page
   * @throws IllegalArgumentException for a continue token that is not valid
   */
  public String list(ResourceInfo info, ObjectFilter filter, int limit, String continueToken) {
    ContinueToken previous = continueToken == null || continueToken.isEmpty() ? null : ContinueToken.decode(continueToken);
    // The real server leaves remainingItemCount out when selectors filter the list.
    boolean countRemaining = limit > 0 && !filter.hasSelectors();
    ListResult page = store.list(info.type(), filter, previous == null ? null : previous.after(), limit, countRemaining);
    long resourceVersion = previous == null ? page.revision() : previous.resourceVersion();
    String next = page.hasMore() ? new ContinueToken(resourceVersion, page.lastKey()).encode() : null;
    return render(info, page, resourceVersion, next);
  }

  private static String render(ResourceInfo info, ListResult page, long resourceVersion, String next) {
    int size = 128;
    for (StoredObject item : page.items()) {
      size += item.json().length() + 1;
    }
    StringBuilder json = new StringBuilder(size);
    json.append("{\"kind\":\"").append(listKind(info, page)).append("\",\"apiVersion\":\"")
        .append(info.type().apiVersion()).append("\",\"metadata\":{\"resourceVersion\":\"").append(resourceVersion)
        .append('"');
    if (next != null) {
      json.append(",\"continue\":\"").append(next).append('"');
      if (page.remaining() != null) {
        json.append(",\"remainingItemCount\":").append(page.remaining());
      }
    }
    json.append("},\"items\":[");
    for (int i = 0; i < page.items().size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append(page.items().get(i).json());
    }
    return json.append("]}").toString();
  }

  private static String listKind(ResourceInfo info, ListResult page) {
    if (info.listKind() != null) {
      return info.listKind();
    }
    return page.items().isEmpty() ? "List" : kindOf(page.items().get(0).json()) + "List";
  }

  private static String kindOf(String json) {
    try {
      return Jackson.MAPPER.readTree(json).path("kind").asText("");
    } catch (Exception e) {
      return "";
    }
  }
}
