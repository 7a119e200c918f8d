package com.kaphera.dev.kubernetes.store;

import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.List;

/**
 * Which objects of a collection a list or watch wants: an optional namespace and name (from the path)
 * and selector requirements. Each requirement is its own one-attribute {@link AttributeSet} matched
 * with fabric8's own {@code AttributeSet.matches}, so selectors mean what they mean in fabric8's
 * dispatcher; keeping them apart (fabric8 merges them into one map) lets two requirements on the same
 * label, e.g. {@code tier!=a,tier!=b}, both apply.
 */
public record ObjectFilter(String namespace, String name, List<AttributeSet> requirements) {

  public ObjectFilter {
    requirements = List.copyOf(requirements);
  }

  public static ObjectFilter everything() {
    return new ObjectFilter(null, null, List.of());
  }

  public boolean hasSelectors() {
    return !requirements.isEmpty();
  }

  public boolean matches(StoredObject object) {
    if (object == null) {
      return false;
    }
    if (namespace != null && !namespace.equals(object.key().namespace())) {
      return false;
    }
    if (name != null && !name.equals(object.key().name())) {
      return false;
    }
    for (AttributeSet requirement : requirements) {
      if (!object.attributes().matches(requirement)) {
        return false;
      }
    }
    return true;
  }
}
