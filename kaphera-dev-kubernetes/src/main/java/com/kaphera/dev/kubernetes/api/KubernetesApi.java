package com.kaphera.dev.kubernetes.api;

import com.kaphera.dev.kubernetes.catalog.ResourceCatalog;
import com.kaphera.dev.kubernetes.catalog.ResourceInfo;
import com.kaphera.dev.kubernetes.store.ObjectStore;
import com.kaphera.dev.kubernetes.store.StandInDispatcher;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything the stand-in answers except watches (see the watch package): health and version,
 * discovery, and the verbs on collections and objects. One entry point for HTTP requests and for
 * in-process callers alike (manifest loading, the simulated operator), so all of them get the same
 * rules.
 */
public final class KubernetesApi {

  /** What GET /version reports; clients print it, some check major/minor. */
  public static final String VERSION_JSON = "{\"major\":\"1\",\"minor\":\"31\","
      + "\"gitVersion\":\"v1.31.0-kaphera-standin\",\"gitCommit\":\"0000000000000000000000000000000000000000\","
      + "\"gitTreeState\":\"clean\",\"buildDate\":\"2024-08-13T00:00:00Z\",\"goVersion\":\"go1.22.5\","
      + "\"compiler\":\"gc\",\"platform\":\"" + platform() + "\"}";

  private final ResourceCatalog catalog;
  private final Discovery discovery;
  private final ReadOperations reads;
  private final WriteOperations writes;
  private final Supplier<String> serverAddress;

  /**
   * @param serverAddress host:port clients reach the stand-in on, reported by /api
   */
  public KubernetesApi(ObjectStore store, StandInDispatcher dispatcher, ResourceCatalog catalog, Clock clock,
      Supplier<String> serverAddress) {
    this.catalog = catalog;
    this.discovery = new Discovery(catalog);
    this.reads = new ReadOperations(store);
    this.writes = new WriteOperations(store, dispatcher, clock);
    this.serverAddress = serverAddress;
  }

  public ApiResponse handle(ApiRequest request) {
    String method = request.method().toUpperCase(Locale.ROOT);
    switch (request.path()) {
      case "/version", "/version/":
        return "GET".equals(method) ? ApiResponse.json(200, VERSION_JSON) : Statuses.methodNotAllowed();
      case "/readyz", "/livez", "/healthz":
        return ApiResponse.text(200, "ok");
      default:
        break;
    }
    Optional<ResourcePath> parsed = ResourcePath.parse(request.path());
    if (parsed.isEmpty()) {
      return Statuses.pathNotFound();
    }
    ResourcePath path = parsed.get();
    if (path.isDiscovery()) {
      return "GET".equals(method) ? discovery.handle(path, serverAddress.get()) : Statuses.methodNotAllowed();
    }
    Optional<ResourceInfo> resolved = catalog.resolve(path.type());
    if (resolved.isEmpty()) {
      return Statuses.pathNotFound();
    }
    ResourceInfo info = resolved.get();
    ApiResponse outOfScope = checkScope(path, info, method);
    if (outOfScope != null) {
      return outOfScope;
    }
    if (("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method))
        && WriteOperations.isDryRun(request, null)) {
      return WriteOperations.dryRunUnsupported();
    }
    boolean object = path.shape() == ResourcePath.Shape.OBJECT;
    return switch (method) {
      case "GET" -> object ? reads.get(path, info) : reads.list(path, info, request);
      case "POST" -> object ? Statuses.methodNotAllowed() : writes.create(path, info, request);
      case "PUT" -> object ? writes.replace(path, info, request) : Statuses.methodNotAllowed();
      case "PATCH" -> object ? writes.patch(path, info, request) : Statuses.methodNotAllowed();
      case "DELETE" -> object ? writes.delete(path, info, request) : writes.deleteCollection(path, info, request);
      default -> Statuses.methodNotAllowed();
    };
  }

  /**
   * Namespaced kinds are addressed with a namespace (lists may span all namespaces), cluster-scoped
   * kinds without. fabric8 does not care, and would for instance delete an object of that name in
   * every namespace for DELETE /apis/g/v/widgets/name.
   */
  private static ApiResponse checkScope(ResourcePath path, ResourceInfo info, String method) {
    if (!info.isKnownKind()) {
      return null;
    }
    if (!info.namespaced() && path.namespace() != null) {
      return Statuses.pathNotFound();
    }
    if (info.namespaced() && path.namespace() == null) {
      if (path.shape() == ResourcePath.Shape.OBJECT) {
        return Statuses.pathNotFound();
      }
      if (!"GET".equals(method)) {
        return Statuses.methodNotAllowed();
      }
    }
    return null;
  }

  private static String platform() {
    String os = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT).split(" ")[0];
    String arch = System.getProperty("os.arch", "amd64");
    return os + "/" + ("x86_64".equals(arch) ? "amd64" : "aarch64".equals(arch) ? "arm64" : arch);
  }
}
