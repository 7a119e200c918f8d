package com.kaphera.dev.kubernetes.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaphera.dev.kubernetes.store.ChangeEvent;
import com.kaphera.dev.kubernetes.store.ResourceType;
import com.kaphera.dev.kubernetes.store.StoredObject;
import com.kaphera.dev.kubernetes.support.Jackson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The collections the stand-in serves: a few built-in ones, and one per served version of every
 * CustomResourceDefinition in the store. It learns CRDs from the store's commit hook, so a custom
 * resource path works from the moment its CRD is stored, as on the real server.
 *
 * <p>Requests to a group that is neither built-in nor defined by a CRD get 404, like on the real
 * server; this catches a wrong group, version or plural in client code instead of silently storing
 * objects nobody else can find.
 */
public final class ResourceCatalog {

  public static final ResourceType CRD_TYPE =
      new ResourceType("apiextensions.k8s.io", "v1", "customresourcedefinitions");
  public static final ResourceType NAMESPACE_TYPE = new ResourceType("", "v1", "namespaces");

  private static final List<ResourceInfo> BUILT_IN = List.of(
      ResourceInfo.builtIn("", "v1", "namespaces", "Namespace", false, true, "ns"),
      ResourceInfo.builtIn("", "v1", "configmaps", "ConfigMap", true, false, "cm"),
      ResourceInfo.builtIn("", "v1", "secrets", "Secret", true, false),
      ResourceInfo.builtIn("", "v1", "services", "Service", true, true, "svc"),
      ResourceInfo.builtIn("", "v1", "serviceaccounts", "ServiceAccount", true, false, "sa"),
      ResourceInfo.builtIn("", "v1", "events", "Event", true, false, "ev"),
      ResourceInfo.builtIn("", "v1", "pods", "Pod", true, true, "po"),
      ResourceInfo.builtIn("", "v1", "nodes", "Node", false, true, "no"),
      ResourceInfo.builtIn("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition",
          false, true, "crd", "crds"),
      ResourceInfo.builtIn("coordination.k8s.io", "v1", "leases", "Lease", true, false));

  private final Map<ResourceType, ResourceInfo> builtIn = new LinkedHashMap<>();
  private final Map<ResourceType, ResourceInfo> custom = new ConcurrentHashMap<>();
  private final Map<String, List<ResourceType>> typesByCrdName = new ConcurrentHashMap<>();

  public ResourceCatalog() {
    BUILT_IN.forEach(info -> builtIn.put(info.type(), info));
  }

  /**
   * The collection behind a request path, or empty when the real server would answer 404. Built-in
   * groups the stand-in does not list are stored generically (fabric8 does not need to know them).
   */
  public Optional<ResourceInfo> resolve(ResourceType type) {
    ResourceInfo info = custom.get(type);
    if (info == null) {
      info = builtIn.get(type);
    }
    if (info == null && isBuiltInGroup(type.group())) {
      info = ResourceInfo.unknownBuiltIn(type);
    }
    return Optional.ofNullable(info);
  }

  /**
   * The collection holding objects of this apiVersion and kind, used when applying manifests. Kinds
   * of built-in groups the catalog does not list (RBAC, apps...) get their plural guessed the way
   * Kubernetes forms most (ClusterRole: clusterroles, NetworkPolicy: networkpolicies), so manifests
   * such as deploy/kubernetes can be applied; the stand-in stores them without any meaning.
   */
  public Optional<ResourceInfo> findByKind(String apiVersion, String kind) {
    Optional<ResourceInfo> known = allKnown().stream()
        .filter(info -> info.type().apiVersion().equals(apiVersion) && kind.equals(info.kind()))
        .findFirst();
    if (known.isPresent() || kind.isEmpty()) {
      return known;
    }
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = apiVersion.substring(slash + 1);
    if (!isBuiltInGroup(group)) {
      return Optional.empty();
    }
    return Optional.of(ResourceInfo.unknownBuiltIn(new ResourceType(group, version, guessPlural(kind))));
  }

  private static String guessPlural(String kind) {
    String lower = kind.toLowerCase(Locale.ROOT);
    if (lower.endsWith("y") && !lower.matches(".*[aeiou]y")) {
      return lower.substring(0, lower.length() - 1) + "ies";
    }
    if (lower.endsWith("s") || lower.endsWith("x") || lower.endsWith("ch") || lower.endsWith("sh")) {
      return lower + "es";
    }
    return lower + "s";
  }

  /** Every known collection, built-in first, for discovery. */
  public List<ResourceInfo> allKnown() {
    List<ResourceInfo> all = new ArrayList<>(builtIn.values());
    custom.values().stream()
        .sorted((a, b) -> (a.type().group() + "/" + a.type().version() + "/" + a.type().plural())
            .compareTo(b.type().group() + "/" + b.type().version() + "/" + b.type().plural()))
        .forEach(all::add);
    return all;
  }

  /** Commit hook of the store: keeps the custom collections in step with the stored CRDs. */
  public void onChange(ChangeEvent event) {
    if (!CRD_TYPE.equals(event.type())) {
      return;
    }
    StoredObject before = event.before();
    if (before != null) {
      List<ResourceType> old = typesByCrdName.remove(before.key().name());
      if (old != null) {
        old.forEach(custom::remove);
      }
    }
    StoredObject after = event.after();
    if (after != null) {
      List<ResourceInfo> infos = fromCrd(after.json());
      infos.forEach(info -> custom.put(info.type(), info));
      typesByCrdName.put(after.key().name(), infos.stream().map(ResourceInfo::type).toList());
    }
  }

  /** No dot means a core-style group (apps, batch, policy); *.k8s.io groups are Kubernetes' own. */
  public static boolean isBuiltInGroup(String group) {
    return group.isEmpty() || !group.contains(".") || group.endsWith(".k8s.io");
  }

  /** One entry per served version; a CRD the stand-in cannot read defines nothing. */
  static List<ResourceInfo> fromCrd(String json) {
    List<ResourceInfo> infos = new ArrayList<>();
    try {
      JsonNode spec = Jackson.MAPPER.readTree(json).path("spec");
      String group = spec.path("group").asText("");
      JsonNode names = spec.path("names");
      String kind = names.path("kind").asText("");
      String plural = names.path("plural").asText("");
      if (group.isEmpty() || kind.isEmpty() || plural.isEmpty()) {
        return infos;
      }
      String listKind = names.path("listKind").asText(kind + "List");
      String singular = names.path("singular").asText(kind.toLowerCase(Locale.ROOT));
      List<String> shortNames = new ArrayList<>();
      names.path("shortNames").forEach(n -> shortNames.add(n.asText()));
      boolean namespaced = !"Cluster".equals(spec.path("scope").asText("Namespaced"));
      for (JsonNode version : spec.path("versions")) {
        if (!version.path("served").asBoolean(true)) {
          continue;
        }
        boolean status = version.path("subresources").path("status").isObject();
        infos.add(new ResourceInfo(new ResourceType(group, version.path("name").asText(), plural), kind, listKind,
            singular, shortNames, namespaced, status, true));
      }
    } catch (Exception e) {
      // A malformed CRD is stored (there is no validation) but serves no collection.
    }
    return infos;
  }

  /** spec.names with the defaults the real server fills in, as it reports them in acceptedNames. */
  public static ObjectNode acceptedNames(JsonNode crdSpec) {
    JsonNode given = crdSpec.path("names");
    ObjectNode names = given.isObject() ? ((ObjectNode) given).deepCopy() : Jackson.MAPPER.createObjectNode();
    String kind = names.path("kind").asText("");
    if (!names.hasNonNull("singular")) {
      names.put("singular", kind.toLowerCase(Locale.ROOT));
    }
    if (!names.hasNonNull("listKind")) {
      names.put("listKind", kind + "List");
    }
    return names;
  }
}
