package com.kaphera.dev.kubernetes.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaphera.dev.kubernetes.support.Jackson;

/**
 * One committed write, numbered by the resource version it produced (like an etcd revision). Keeps
 * both the state before and after, because whether a watcher sees ADDED, MODIFIED or DELETED depends
 * on which of the two its selector matches.
 */
public final class ChangeEvent {

  private final long resourceVersion;
  private final ChangeKind kind;
  private final StoredObject before;
  private final StoredObject after;
  private volatile String beforeAtThisVersion;

  ChangeEvent(long resourceVersion, ChangeKind kind, StoredObject before, StoredObject after) {
    this.resourceVersion = resourceVersion;
    this.kind = kind;
    this.before = before;
    this.after = after;
  }

  public long resourceVersion() {
    return resourceVersion;
  }

  public ChangeKind kind() {
    return kind;
  }

  /** State before the write; null for ADDED. */
  public StoredObject before() {
    return before;
  }

  /** State after the write; null for DELETED. */
  public StoredObject after() {
    return after;
  }

  public ResourceType type() {
    return after != null ? after.type() : before.type();
  }

  /**
   * The previous state carrying this event's resource version: what a DELETED watch event holds, both
   * for real deletions and for objects that stop matching a selector. The real server does the same,
   * so a client that resumes from the last resource version it saw neither misses nor repeats events.
   * Computed on first use because most events never need it.
   */
  public String beforeAtThisVersion() {
    String json = beforeAtThisVersion;
    if (json == null) {
      try {
        ObjectNode node = (ObjectNode) Jackson.MAPPER.readTree(before.json());
        ((ObjectNode) node.get("metadata")).put("resourceVersion", Long.toString(resourceVersion));
        json = Jackson.MAPPER.writeValueAsString(node);
      } catch (Exception e) {
        json = before.json();
      }
      beforeAtThisVersion = json;
    }
    return json;
  }
}
