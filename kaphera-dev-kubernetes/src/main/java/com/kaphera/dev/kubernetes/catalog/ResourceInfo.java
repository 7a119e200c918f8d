package com.kaphera.dev.kubernetes.catalog;

import com.kaphera.dev.kubernetes.store.ResourceType;
import java.util.List;
import java.util.Locale;

/**
 * What the stand-in knows about one collection: its kind, scope and whether it has a status
 * subresource. {@code kind} is null for collections of built-in groups that the stand-in stores
 * generically without knowing them.
 */
public record ResourceInfo(ResourceType type, String kind, String listKind, String singular,
    List<String> shortNames, boolean namespaced, boolean statusSubresource, boolean customResource) {

  public ResourceInfo {
    shortNames = List.copyOf(shortNames);
  }

  static ResourceInfo builtIn(String group, String version, String plural, String kind, boolean namespaced,
      boolean statusSubresource, String... shortNames) {
    return new ResourceInfo(new ResourceType(group, version, plural), kind, kind + "List",
        kind.toLowerCase(Locale.ROOT), List.of(shortNames), namespaced, statusSubresource, false);
  }

  /** A collection of a built-in group the stand-in stores without knowing its kind or scope. */
  static ResourceInfo unknownBuiltIn(ResourceType type) {
    return new ResourceInfo(type, null, null, null, List.of(), true, false, false);
  }

  public boolean isKnownKind() {
    return kind != null;
  }
}
