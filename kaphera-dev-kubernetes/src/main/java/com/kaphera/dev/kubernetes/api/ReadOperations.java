package com.kaphera.dev.kubernetes.api;

import com.kaphera.dev.kubernetes.catalog.ResourceInfo;
import com.kaphera.dev.kubernetes.paging.ListPager;
import com.kaphera.dev.kubernetes.query.ObjectFilters;
import com.kaphera.dev.kubernetes.query.Selectors.InvalidSelectorException;
import com.kaphera.dev.kubernetes.store.ObjectFilter;
import com.kaphera.dev.kubernetes.store.ObjectStore;
import com.kaphera.dev.kubernetes.store.StoredObject;

/**
 * GET of one object and of lists, answered from the store's index without fabric8 (which scans every
 * stored object per request and neither pages nor orders lists).
 */
final class ReadOperations {

  private final ObjectStore store;
  private final ListPager pager;

  ReadOperations(ObjectStore store) {
    this.store = store;
    this.pager = new ListPager(store);
  }

  ApiResponse get(ResourcePath path, ResourceInfo info) {
    if (path.subresource() != null && !("status".equals(path.subresource()) && info.statusSubresource())) {
      return Statuses.pathNotFound();
    }
    StoredObject object = store.get(info.type(), path.key());
    return object == null ? Statuses.notFound(info.type(), path.name()) : ApiResponse.json(200, object.json());
  }

  ApiResponse list(ResourcePath path, ResourceInfo info, ApiRequest request) {
    ObjectFilter filter;
    try {
      filter = ObjectFilters.of(path.namespace(), null, request.param("labelSelector"), request.param("fieldSelector"));
    } catch (InvalidSelectorException e) {
      return Statuses.badRequest(e.getMessage());
    }
    int limit;
    try {
      String value = request.param("limit");
      limit = value == null || value.isEmpty() ? 0 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return Statuses.badRequest("limit must be an integer");
    }
    String continueToken = request.param("continue");
    String resourceVersion = request.param("resourceVersion");
    if (continueToken != null && !continueToken.isEmpty() && resourceVersion != null && !resourceVersion.isEmpty()) {
      return Statuses.badRequest("specifying resource version is not allowed when using continue");
    }
    try {
      return ApiResponse.json(200, pager.list(info, filter, limit, continueToken));
    } catch (IllegalArgumentException e) {
      return Statuses.badRequest(e.getMessage());
    }
  }
}
