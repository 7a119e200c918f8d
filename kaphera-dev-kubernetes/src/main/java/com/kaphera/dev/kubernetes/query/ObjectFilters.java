package com.kaphera.dev.kubernetes.query;

import com.kaphera.dev.kubernetes.store.ObjectFilter;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.ArrayList;
import java.util.List;

/** Builds the filter of a list or watch from its path and its selector query parameters. */
public final class ObjectFilters {

  private ObjectFilters() {
  }

  /**
   * @param namespace from the path, null for all namespaces or a cluster-scoped collection
   * @param name from the path (a watch of one object), else null
   */
  public static ObjectFilter of(String namespace, String name, String labelSelector, String fieldSelector)
      throws Selectors.InvalidSelectorException {
    List<AttributeSet> requirements = new ArrayList<>(Selectors.labels(labelSelector));
    requirements.addAll(Selectors.fields(fieldSelector));
    return new ObjectFilter(namespace, name, requirements);
  }
}
