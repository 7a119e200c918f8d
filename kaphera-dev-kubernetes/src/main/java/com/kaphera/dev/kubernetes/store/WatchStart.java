package com.kaphera.dev.kubernetes.store;

import java.util.List;

/**
 * How a watch begins: from a snapshot, from a resource version in the history, or not at all because
 * that version was dropped from history (410 Expired) or is newer than anything stored.
 *
 * @param cursor the resource version after which the watch streams changes
 * @param initial objects to send as synthetic ADDED events first (snapshot start only)
 */
public record WatchStart(long cursor, List<StoredObject> initial, Outcome outcome, long oldestAvailable) {

  public enum Outcome { STARTED, EXPIRED, TOO_LARGE }

  static WatchStart snapshot(long revision, List<StoredObject> initial) {
    return new WatchStart(revision, initial, Outcome.STARTED, 0);
  }

  static WatchStart resume(long fromVersion) {
    return new WatchStart(fromVersion, List.of(), Outcome.STARTED, 0);
  }

  static WatchStart expired(long requested, long evictedThrough) {
    return new WatchStart(requested, List.of(), Outcome.EXPIRED, evictedThrough);
  }

  static WatchStart tooLarge(long requested, long revision) {
    return new WatchStart(requested, List.of(), Outcome.TOO_LARGE, revision);
  }
}
