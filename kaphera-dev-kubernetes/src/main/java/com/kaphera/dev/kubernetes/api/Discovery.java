package com.kaphera.dev.kubernetes.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaphera.dev.kubernetes.catalog.ResourceCatalog;
import com.kaphera.dev.kubernetes.catalog.ResourceInfo;
import com.kaphera.dev.kubernetes.support.Jackson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The discovery documents (/api, /apis, /apis/{group}, /apis/{group}/{version}) built from the
 * catalog. fabric8 answers /apis with a list of every stored object and /apis/{g}/{v} with resources
 * lacking the verbs and singularName client-java's models require, so they are produced here.
 */
final class Discovery {

  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final Pattern VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

  private final ResourceCatalog catalog;

  Discovery(ResourceCatalog catalog) {
    this.catalog = catalog;
  }

  ApiResponse handle(ResourcePath path, String serverAddress) {
    return switch (path.shape()) {
      case API_VERSIONS -> apiVersions(serverAddress);
      case GROUP_LIST -> groupList();
      case GROUP -> group(path.group());
      default -> resourceList(path.group(), path.version());
    };
  }

  private ApiResponse apiVersions(String serverAddress) {
    ObjectNode body = object("APIVersions", null);
    body.remove("apiVersion");
    body.putArray("versions").add("v1");
    ObjectNode address = body.putArray("serverAddressByClientCIDRs").addObject();
    address.put("clientCIDR", "0.0.0.0/0");
    address.put("serverAddress", serverAddress);
    return ApiResponse.json(200, body.toString());
  }

  private ApiResponse groupList() {
    ObjectNode body = object("APIGroupList", "v1");
    ArrayNode groups = body.putArray("groups");
    versionsByGroup().forEach((group, versions) -> {
      if (!group.isEmpty()) {
        groups.add(groupNode(group, versions));
      }
    });
    return ApiResponse.json(200, body.toString());
  }

  private ApiResponse group(String group) {
    List<String> versions = versionsByGroup().get(group);
    if (versions == null || group.isEmpty()) {
      return Statuses.pathNotFound();
    }
    ObjectNode body = groupNode(group, versions);
    body.put("kind", "APIGroup");
    body.put("apiVersion", "v1");
    return ApiResponse.json(200, body.toString());
  }

  private ApiResponse resourceList(String group, String version) {
    List<ResourceInfo> infos = catalog.allKnown().stream()
        .filter(i -> i.isKnownKind() && i.type().group().equals(group) && i.type().version().equals(version))
        .toList();
    if (infos.isEmpty()) {
      return Statuses.pathNotFound();
    }
    ObjectNode body = object("APIResourceList", "v1");
    body.put("groupVersion", infos.get(0).type().apiVersion());
    ArrayNode resources = body.putArray("resources");
    for (ResourceInfo info : infos) {
      ObjectNode resource = resources.addObject();
      resource.put("name", info.type().plural());
      resource.put("singularName", info.singular());
      resource.put("namespaced", info.namespaced());
      resource.put("kind", info.kind());
      VERBS.forEach(resource.putArray("verbs")::add);
      if (!info.shortNames().isEmpty()) {
        info.shortNames().forEach(resource.putArray("shortNames")::add);
      }
      if (info.statusSubresource()) {
        ObjectNode status = resources.addObject();
        status.put("name", info.type().plural() + "/status");
        status.put("singularName", "");
        status.put("namespaced", info.namespaced());
        status.put("kind", info.kind());
        List.of("get", "patch", "update").forEach(status.putArray("verbs")::add);
      }
    }
    return ApiResponse.json(200, body.toString());
  }

  private Map<String, List<String>> versionsByGroup() {
    Map<String, List<String>> versions = new LinkedHashMap<>();
    for (ResourceInfo info : catalog.allKnown()) {
      if (info.isKnownKind()) {
        List<String> list = versions.computeIfAbsent(info.type().group(), g -> new ArrayList<>());
        if (!list.contains(info.type().version())) {
          list.add(info.type().version());
        }
      }
    }
    versions.values().forEach(list -> list.sort(Discovery::byPriority));
    return versions;
  }

  private static ObjectNode groupNode(String group, List<String> versions) {
    ObjectNode node = Jackson.MAPPER.createObjectNode();
    node.put("name", group);
    ArrayNode list = node.putArray("versions");
    for (String version : versions) {
      ObjectNode v = list.addObject();
      v.put("groupVersion", group + "/" + version);
      v.put("version", version);
    }
    ObjectNode preferred = node.putObject("preferredVersion");
    preferred.put("groupVersion", group + "/" + versions.get(0));
    preferred.put("version", versions.get(0));
    return node;
  }

  private static ObjectNode object(String kind, String apiVersion) {
    ObjectNode node = Jackson.MAPPER.createObjectNode();
    node.put("kind", kind);
    if (apiVersion != null) {
      node.put("apiVersion", apiVersion);
    }
    return node;
  }

  /** Kubernetes version priority: GA before beta before alpha, then higher numbers first. */
  static int byPriority(String a, String b) {
    return Comparator.comparingInt(Discovery::stability).thenComparingInt(Discovery::major)
        .thenComparingInt(Discovery::minor).reversed().thenComparing(Comparator.<String>naturalOrder())
        .compare(a, b);
  }

  private static int stability(String version) {
    Matcher m = VERSION.matcher(version);
    if (!m.matches()) {
      return 0;
    }
    return m.group(2) == null ? 3 : m.group(2).equals("beta") ? 2 : 1;
  }

  private static int major(String version) {
    Matcher m = VERSION.matcher(version);
    return m.matches() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static int minor(String version) {
    Matcher m = VERSION.matcher(version);
    return m.matches() && m.group(3) != null ? Integer.parseInt(m.group(3)) : 0;
  }
}
