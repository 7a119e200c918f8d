package com.kaphera.dev.kubernetes.watch;

import com.kaphera.dev.kubernetes.api.ApiRequest;
import com.kaphera.dev.kubernetes.api.ApiResponse;
import com.kaphera.dev.kubernetes.api.ResourcePath;
import com.kaphera.dev.kubernetes.api.Statuses;
import com.kaphera.dev.kubernetes.catalog.ResourceCatalog;
import com.kaphera.dev.kubernetes.catalog.ResourceInfo;
import com.kaphera.dev.kubernetes.query.ObjectFilters;
import com.kaphera.dev.kubernetes.query.Selectors.InvalidSelectorException;
import com.kaphera.dev.kubernetes.store.ObjectFilter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A parsed watch: which collection, which objects, from where, for how long.
 *
 * @param fromVersion resume after this resource version; null to start with the current objects
 *     (resourceVersion unset or "0", or sendInitialEvents=true)
 * @param sendInitialEventsEnd whether to mark the end of the initial objects with a bookmark
 *     annotated {@code k8s.io/initial-events-end}, as the real server does for sendInitialEvents
 */
public record WatchRequest(ResourceInfo info, ObjectFilter filter, Long fromVersion, Duration timeout,
    boolean bookmarks, boolean sendInitialEventsEnd) {

  /** The real server's --min-request-timeout: watches without timeoutSeconds end after 30-60 min. */
  private static final int MIN_REQUEST_TIMEOUT_SECONDS = 1800;

  /** Either a watch to run or the response that refuses it. */
  public record Plan(WatchRequest watch, ApiResponse rejection) {
  }

  /** GET with watch=true/1, or on the deprecated /watch/ path. */
  public static boolean isWatch(ApiRequest request) {
    return "GET".equalsIgnoreCase(request.method())
        && (request.flag("watch") || request.path().contains("/watch/"));
  }

  public static Plan plan(ApiRequest request, ResourceCatalog catalog) {
    Optional<ResourcePath> parsed = ResourcePath.parse(request.path());
    if (parsed.isEmpty() || parsed.get().isDiscovery() || parsed.get().subresource() != null) {
      return reject(Statuses.pathNotFound());
    }
    ResourcePath path = parsed.get();
    Optional<ResourceInfo> info = catalog.resolve(path.type());
    if (info.isEmpty()) {
      return reject(Statuses.pathNotFound());
    }
    ObjectFilter filter;
    try {
      filter = ObjectFilters.of(path.namespace(), path.name(), request.param("labelSelector"),
          request.param("fieldSelector"));
    } catch (InvalidSelectorException e) {
      return reject(Statuses.badRequest(e.getMessage()));
    }
    boolean sendInitialEvents = request.flag("sendInitialEvents");
    Long fromVersion = null;
    String resourceVersion = request.param("resourceVersion");
    if (!sendInitialEvents && resourceVersion != null && !resourceVersion.isEmpty() && !"0".equals(resourceVersion)) {
      try {
        fromVersion = Long.parseLong(resourceVersion);
      } catch (NumberFormatException e) {
        return reject(Statuses.badRequest("invalid resource version: " + resourceVersion));
      }
    }
    Duration timeout;
    try {
      String value = request.param("timeoutSeconds");
      long seconds = value == null || value.isEmpty() ? 0 : Long.parseLong(value);
      timeout = Duration.ofSeconds(seconds > 0 ? seconds
          : MIN_REQUEST_TIMEOUT_SECONDS + ThreadLocalRandom.current().nextInt(MIN_REQUEST_TIMEOUT_SECONDS));
    } catch (NumberFormatException e) {
      return reject(Statuses.badRequest("timeoutSeconds must be an integer"));
    }
    boolean bookmarks = request.flag("allowWatchBookmarks");
    return new Plan(new WatchRequest(info.get(), filter, fromVersion, timeout, bookmarks,
        sendInitialEvents && bookmarks), null);
  }

  private static Plan reject(ApiResponse response) {
    return new Plan(null, response);
  }
}
