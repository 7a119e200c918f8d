package com.kaphera.dev.kubernetes.store;

/**
 * One REST collection: API group ("" for the core group), version and plural, exactly as they
 * appear in a request path. Objects of different versions of one CRD live in different collections,
 * because the stand-in does no version conversion.
 */
public record ResourceType(String group, String version, String plural) {

  public ResourceType {
    group = group == null ? "" : group;
  }

  public boolean isCoreGroup() {
    return group.isEmpty();
  }

  /** "v1" for the core group, "group/version" otherwise, as in an object's apiVersion. */
  public String apiVersion() {
    return isCoreGroup() ? version : group + "/" + version;
  }

  /** The collection's path without namespace, e.g. /apis/test.kaphera.io/v1alpha1/widgets. */
  public String basePath() {
    return (isCoreGroup() ? "/api/" : "/apis/" + group + "/") + version;
  }

  /** "widgets.test.kaphera.io" or "namespaces": how the real server names a resource in messages. */
  public String qualifiedPlural() {
    return isCoreGroup() ? plural : plural + "." + group;
  }
}
