package com.kaphera.dev.operator.kubernetes;

/**
 * One kind of custom resource, at the version this process reads and writes it.
 *
 * @param group API group, e.g. edc.kaphera.io
 * @param version served version, e.g. v1alpha1
 * @param plural resource name in URLs, e.g. controlplanes
 * @param kind e.g. ControlPlane
 * @param namespaced whether objects live in namespaces (else cluster-scoped)
 */
public record ResourceKind(String group, String version, String plural, String kind, boolean namespaced) {

  /** As kubectl names it: controlplanes.edc.kaphera.io/v1alpha1. */
  @Override
  public String toString() {
    return plural + "." + group + "/" + version;
  }
}
