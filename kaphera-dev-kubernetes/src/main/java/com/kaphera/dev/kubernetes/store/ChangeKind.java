package com.kaphera.dev.kubernetes.store;

/** What a write did to one object, before any watcher's selector is applied. */
public enum ChangeKind {
  ADDED, MODIFIED, DELETED
}
