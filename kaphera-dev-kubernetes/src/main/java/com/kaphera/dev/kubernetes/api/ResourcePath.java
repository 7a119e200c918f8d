package com.kaphera.dev.kubernetes.api;

import com.kaphera.dev.kubernetes.store.ObjectKey;
import com.kaphera.dev.kubernetes.store.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Kubernetes REST path taken apart: /api/v1/..., /apis/{group}/{version}/..., optionally
 * namespaces/{ns}/, then {plural}[/{name}[/{subresource}]]. Also recognises the discovery paths above
 * the collections and the deprecated /watch/ prefix.
 */
public final class ResourcePath {

  /** What the path addresses. */
  public enum Shape { API_VERSIONS, GROUP_LIST, GROUP, RESOURCE_LIST, COLLECTION, OBJECT }

  private final Shape shape;
  private final String group;
  private final String version;
  private final String namespace;
  private final String plural;
  private final String name;
  private final String subresource;
  private final boolean legacyWatch;

  private ResourcePath(Shape shape, String group, String version, String namespace, String plural, String name,
      String subresource, boolean legacyWatch) {
    this.shape = shape;
    this.group = group;
    this.version = version;
    this.namespace = namespace;
    this.plural = plural;
    this.name = name;
    this.subresource = subresource;
    this.legacyWatch = legacyWatch;
  }

  /** The path's meaning, or empty for anything that is not an API path. */
  public static Optional<ResourcePath> parse(String path) {
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(segment);
      }
    }
    if (segments.isEmpty()) {
      return Optional.empty();
    }
    String group;
    List<String> rest;
    if (segments.get(0).equals("api")) {
      if (segments.size() == 1) {
        return Optional.of(discovery(Shape.API_VERSIONS, "", null));
      }
      group = "";
      rest = segments.subList(1, segments.size());
    } else if (segments.get(0).equals("apis")) {
      if (segments.size() == 1) {
        return Optional.of(discovery(Shape.GROUP_LIST, null, null));
      }
      if (segments.size() == 2) {
        return Optional.of(discovery(Shape.GROUP, segments.get(1), null));
      }
      group = segments.get(1);
      rest = segments.subList(2, segments.size());
    } else {
      return Optional.empty();
    }
    String version = rest.get(0);
    rest = rest.subList(1, rest.size());
    boolean legacyWatch = !rest.isEmpty() && rest.get(0).equals("watch");
    if (legacyWatch) {
      rest = rest.subList(1, rest.size());
    }
    if (rest.isEmpty()) {
      return Optional.of(new ResourcePath(Shape.RESOURCE_LIST, group, version, null, null, null, null, false));
    }
    String namespace = null;
    if (rest.get(0).equals("namespaces") && rest.size() >= 3 && !isNamespaceSubresource(group, rest)) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    if (rest.size() > 3) {
      return Optional.empty();
    }
    String plural = rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : null;
    String subresource = rest.size() > 2 ? rest.get(2) : null;
    Shape shape = name == null ? Shape.COLLECTION : Shape.OBJECT;
    return Optional.of(new ResourcePath(shape, group, version, namespace, plural, name, subresource, legacyWatch));
  }

  /** /api/v1/namespaces/{ns}/status is the Namespace's own subresource, not a collection in it. */
  private static boolean isNamespaceSubresource(String group, List<String> rest) {
    return group.isEmpty() && rest.size() == 3 && (rest.get(2).equals("status") || rest.get(2).equals("finalize"));
  }

  private static ResourcePath discovery(Shape shape, String group, String version) {
    return new ResourcePath(shape, group, version, null, null, null, null, false);
  }

  /** The path of one object of a collection, e.g. for in-process writes. */
  public static ResourcePath object(ResourceType type, ObjectKey key, String subresource) {
    String namespace = key.namespace().isEmpty() ? null : key.namespace();
    return new ResourcePath(Shape.OBJECT, type.group(), type.version(), namespace, type.plural(), key.name(),
        subresource, false);
  }

  public boolean isDiscovery() {
    return shape != Shape.COLLECTION && shape != Shape.OBJECT;
  }

  public Shape shape() {
    return shape;
  }

  public String group() {
    return group;
  }

  public String version() {
    return version;
  }

  public String namespace() {
    return namespace;
  }

  public String name() {
    return name;
  }

  public String subresource() {
    return subresource;
  }

  public boolean isLegacyWatch() {
    return legacyWatch;
  }

  public ResourceType type() {
    return new ResourceType(group, version, plural);
  }

  public ObjectKey key() {
    return new ObjectKey(namespace, name);
  }

  public ResourcePath withName(String newName) {
    return new ResourcePath(Shape.OBJECT, group, version, namespace, plural, newName, null, false);
  }

  /** e.g. /apis/test.kaphera.io/v1alpha1/namespaces/ns/widgets */
  public String collectionPath() {
    return type().basePath() + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + plural;
  }

  /** The object's path including the subresource, if any. */
  public String objectPath() {
    return collectionPath() + "/" + name + (subresource == null ? "" : "/" + subresource);
  }

  @Override
  public String toString() {
    return shape == Shape.OBJECT ? objectPath() : shape == Shape.COLLECTION ? collectionPath() : shape.name();
  }
}
