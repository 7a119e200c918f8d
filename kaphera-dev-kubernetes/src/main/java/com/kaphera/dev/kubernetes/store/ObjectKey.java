package com.kaphera.dev.kubernetes.store;

import java.util.Comparator;

/**
 * Namespace ("" when cluster-scoped) and name of an object. Its order (namespace, then name) is the
 * order of every list and the key of every continue token, so paging is stable across writes.
 */
public record ObjectKey(String namespace, String name) implements Comparable<ObjectKey> {

  private static final Comparator<ObjectKey> ORDER =
      Comparator.comparing(ObjectKey::namespace).thenComparing(ObjectKey::name);

  public ObjectKey {
    namespace = namespace == null ? "" : namespace;
    name = name == null ? "" : name;
  }

  /** The smallest key of a namespace: a list of one namespace starts here. */
  public static ObjectKey firstIn(String namespace) {
    return new ObjectKey(namespace, "");
  }

  @Override
  public int compareTo(ObjectKey other) {
    return ORDER.compare(this, other);
  }
}
