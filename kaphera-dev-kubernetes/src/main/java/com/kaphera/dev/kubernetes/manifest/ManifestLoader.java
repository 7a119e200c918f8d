package com.kaphera.dev.kubernetes.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.kaphera.dev.kubernetes.api.ApiRequest;
import com.kaphera.dev.kubernetes.api.ApiResponse;
import com.kaphera.dev.kubernetes.api.KubernetesApi;
import com.kaphera.dev.kubernetes.catalog.ResourceCatalog;
import com.kaphera.dev.kubernetes.catalog.ResourceInfo;
import com.kaphera.dev.kubernetes.support.Jackson;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Applies YAML manifests (multi-document files, List kinds) through the API, like a minimal
 * {@code kubectl apply -f DIR}: create, or replace when the object exists. Everything goes through
 * {@link KubernetesApi}, so loaded objects get exactly the treatment of objects created by clients
 * (CRDs are established, custom resource paths start working, watches see them).
 */
public final class ManifestLoader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String JSON = "application/json";

  private final KubernetesApi api;
  private final ResourceCatalog catalog;

  public ManifestLoader(KubernetesApi api, ResourceCatalog catalog) {
    this.api = api;
    this.catalog = catalog;
  }

  /**
   * Applies every document of every *.yaml/*.yml file directly in {@code dir}, files in name order.
   * Namespaces and CRDs go first, so the objects that need them can follow in any file.
   *
   * @return how many objects were applied
   * @throws IllegalStateException naming the file and object when one cannot be applied
   */
  public int applyDirectory(Path dir) throws IOException {
    List<Document> documents = new ArrayList<>();
    for (Path file : manifestFiles(dir)) {
      documents.addAll(read(file));
    }
    int applied = 0;
    for (boolean definitions : new boolean[] {true, false}) {
      for (Document document : documents) {
        if (isDefinition(document.object()) == definitions) {
          apply(document);
          applied++;
        }
      }
    }
    return applied;
  }

  private static List<Path> manifestFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("not a directory: " + dir);
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> Files.isRegularFile(f)
              && (f.getFileName().toString().endsWith(".yaml") || f.getFileName().toString().endsWith(".yml")))
          .sorted()
          .toList();
    }
  }

  private static List<Document> read(Path file) throws IOException {
    List<Document> documents = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file);
        MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(reader)) {
      int index = 0;
      while (it.hasNextValue()) {
        JsonNode node = it.nextValue();
        index++;
        if (node == null || !node.isObject() || node.isEmpty()) {
          continue;
        }
        if (node.path("kind").asText("").endsWith("List") && node.path("items").isArray()) {
          for (JsonNode item : node.path("items")) {
            documents.add(new Document(file + " document " + index, (ObjectNode) item));
          }
        } else {
          documents.add(new Document(file + " document " + index, (ObjectNode) node));
        }
      }
    }
    return documents;
  }

  private static boolean isDefinition(ObjectNode object) {
    String kind = object.path("kind").asText("");
    return kind.equals("CustomResourceDefinition") || kind.equals("Namespace");
  }

  private void apply(Document document) {
    ObjectNode object = document.object();
    String apiVersion = object.path("apiVersion").asText("");
    String kind = object.path("kind").asText("");
    String name = object.path("metadata").path("name").asText("");
    Optional<ResourceInfo> info = catalog.findByKind(apiVersion, kind);
    if (info.isEmpty()) {
      throw new IllegalStateException(document.origin() + ": no CRD or built-in kind serves " + apiVersion + " "
          + kind + " (apply its CRD first)");
    }
    String collection = collectionPath(info.get(), object);
    ObjectNode status = object.has("status") && info.get().statusSubresource() ? (ObjectNode) object.get("status") : null;
    ApiResponse created = api.handle(ApiRequest.of("POST", collection, JSON, object.toString()));
    ApiResponse result = created;
    if (created.code() == 409) {
      result = replace(collection + "/" + name, object);
    }
    if (!result.isSuccess()) {
      throw new IllegalStateException(document.origin() + ": " + kind + " " + name + ": " + result.code() + " "
          + result.body());
    }
    if (status != null) {
      // Seeded status (e.g. a resource that should look reconciled) goes through the subresource.
      ObjectNode stored = parse(result.body());
      stored.set("status", status);
      ApiResponse statusResult = api.handle(ApiRequest.of("PUT", collection + "/" + name + "/status", JSON,
          stored.toString()));
      if (!statusResult.isSuccess()) {
        throw new IllegalStateException(document.origin() + ": status of " + kind + " " + name + ": "
            + statusResult.code() + " " + statusResult.body());
      }
    }
  }

  private ApiResponse replace(String path, ObjectNode object) {
    ApiResponse current = api.handle(ApiRequest.of("GET", path, null, null));
    if (!current.isSuccess()) {
      return current;
    }
    ObjectNode replacement = object.deepCopy();
    JsonNode version = parse(current.body()).path("metadata").path("resourceVersion");
    ((ObjectNode) replacement.get("metadata")).set("resourceVersion", version);
    return api.handle(ApiRequest.of("PUT", path, JSON, replacement.toString()));
  }

  private static String collectionPath(ResourceInfo info, ObjectNode object) {
    String base = info.type().basePath();
    String namespace = object.path("metadata").path("namespace").asText("");
    // A kind the catalog only guessed has no known scope: its manifest's namespace decides.
    boolean namespaced = info.isKnownKind() ? info.namespaced() : !namespace.isEmpty();
    if (!namespaced) {
      return base + "/" + info.type().plural();
    }
    return base + "/namespaces/" + (namespace.isEmpty() ? "default" : namespace) + "/" + info.type().plural();
  }

  private static ObjectNode parse(String json) {
    try {
      return (ObjectNode) Jackson.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One object of a manifest and where it came from, for error messages. */
  private record Document(String origin, ObjectNode object) {
  }
}
