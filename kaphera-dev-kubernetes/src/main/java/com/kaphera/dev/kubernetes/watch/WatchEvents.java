package com.kaphera.dev.kubernetes.watch;

import com.kaphera.dev.kubernetes.catalog.ResourceInfo;
import com.kaphera.dev.kubernetes.store.ChangeEvent;
import com.kaphera.dev.kubernetes.store.ObjectFilter;

/**
 * Watch event lines, {@code {"type":...,"object":...}}, assembled around the stored JSON so an event
 * costs no serialisation.
 */
final class WatchEvents {

  private WatchEvents() {
  }

  static String event(String type, String objectJson) {
    return "{\"type\":\"" + type + "\",\"object\":" + objectJson + "}";
  }

  /**
   * What one change means to one watcher, as fabric8's own listeners (and the real server) decide it:
   * matched before and after is MODIFIED; only before is DELETED (a deletion, or the object left the
   * selector); only after is ADDED. Null when the watcher does not see the change at all.
   */
  static String render(ChangeEvent change, WatchRequest watch) {
    if (!change.type().equals(watch.info().type())) {
      return null;
    }
    ObjectFilter filter = watch.filter();
    boolean before = filter.matches(change.before());
    boolean after = filter.matches(change.after());
    if (before && after) {
      return event("MODIFIED", change.after().json());
    }
    if (before) {
      return event("DELETED", change.beforeAtThisVersion());
    }
    if (after) {
      return event("ADDED", change.after().json());
    }
    return null;
  }

  /** A BOOKMARK: everything up to this resource version has been sent. */
  static String bookmark(ResourceInfo info, long resourceVersion, boolean initialEventsEnd) {
    String kind = info.kind() == null ? "" : info.kind();
    String annotations = initialEventsEnd ? ",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}" : "";
    return event("BOOKMARK", "{\"kind\":\"" + kind + "\",\"apiVersion\":\"" + info.type().apiVersion()
        + "\",\"metadata\":{\"resourceVersion\":\"" + resourceVersion + "\"" + annotations + "}}");
  }

  static String error(String statusJson) {
    return event("ERROR", statusJson);
  }
}
