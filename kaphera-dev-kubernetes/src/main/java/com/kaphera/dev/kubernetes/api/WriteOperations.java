package com.kaphera.dev.kubernetes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaphera.dev.kubernetes.catalog.ResourceCatalog;
import com.kaphera.dev.kubernetes.catalog.ResourceInfo;
import com.kaphera.dev.kubernetes.query.ObjectFilters;
import com.kaphera.dev.kubernetes.query.Selectors.InvalidSelectorException;
import com.kaphera.dev.kubernetes.store.ObjectFilter;
import com.kaphera.dev.kubernetes.store.ObjectKey;
import com.kaphera.dev.kubernetes.store.ObjectStore;
import com.kaphera.dev.kubernetes.store.StandInDispatcher;
import com.kaphera.dev.kubernetes.store.StandInDispatcher.Result;
import com.kaphera.dev.kubernetes.store.StoredObject;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.zjsonpatch.JsonPatch;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Create, replace, patch and delete, each run through fabric8's dispatcher under one write lock.
 *
 * <p>fabric8 already serialises its own writes, but several rules here read the current object
 * before fabric8 writes (delete preconditions, the resource-version check of status updates, which
 * fabric8 skips, patches applied by the stand-in); the lock makes each check-then-write atomic. It
 * costs no concurrency, because fabric8 would serialise those writes anyway, and it is always taken
 * before fabric8's lock, never inside it.
 */
final class WriteOperations {

  private static final String JSON = "application/json";
  /** The alphabet the real server draws generateName suffixes from (no vowels, no look-alikes). */
  private static final String NAME_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final ObjectStore store;
  private final StandInDispatcher dispatcher;
  private final Clock clock;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final SecureRandom random = new SecureRandom();

  WriteOperations(ObjectStore store, StandInDispatcher dispatcher, Clock clock) {
    this.store = store;
    this.dispatcher = dispatcher;
    this.clock = clock;
  }

  ApiResponse create(ResourcePath path, ResourceInfo info, ApiRequest request) {
    ObjectNode body;
    try {
      body = Json.object(request.body());
    } catch (Json.NotAnObjectException e) {
      return Statuses.badRequest(e.getMessage());
    }
    ApiResponse wrongKind = defaultAndCheckKind(info, body);
    if (wrongKind != null) {
      return wrongKind;
    }
    ObjectNode metadata = Json.metadata(body);
    writeLock.lock();
    try {
      String name = Json.text(body, "name");
      if (name.isEmpty()) {
        String generateName = Json.text(body, "generateName");
        if (generateName.isEmpty()) {
          return Statuses.invalid(info.type(), body.path("kind").asText(), "", "metadata.name", "FieldValueRequired",
              "Required value: name or generateName is required");
        }
        name = uniqueName(path, generateName);
        metadata.put("name", name);
      }
      if (path.namespace() == null) {
        // Cluster-scoped: the real server ignores a namespace in the body (fabric8 would fail on it).
        metadata.remove("namespace");
      }
      if (info.statusSubresource()) {
        // Status belongs to the status subresource: the real server drops it on create.
        body.remove("status");
      }
      if (ResourceCatalog.NAMESPACE_TYPE.equals(info.type())) {
        body.putObject("status").put("phase", "Active");
      }
      if (ResourceCatalog.CRD_TYPE.equals(info.type())) {
        JsonNode spec = body.get("spec");
        if (spec instanceof ObjectNode specNode) {
          specNode.set("names", ResourceCatalog.acceptedNames(specNode));
        }
      }
      Result result = dispatcher.call(HttpMethod.POST, path.collectionPath(), JSON, body.toString());
      if (result.isSuccess() && ResourceCatalog.CRD_TYPE.equals(info.type())) {
        establish(result.body());
      }
      return answer(result, Operation.CREATE, info, new ObjectKey(path.namespace(), name));
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * PUT of an object or its status. Custom resources must carry metadata.resourceVersion, as on the
   * real server; built-in kinds such as Namespace may be updated unconditionally.
   */
  ApiResponse replace(ResourcePath path, ResourceInfo info, ApiRequest request) {
    ObjectNode body;
    try {
      body = Json.object(request.body());
    } catch (Json.NotAnObjectException e) {
      return Statuses.badRequest(e.getMessage());
    }
    ApiResponse wrongKind = defaultAndCheckKind(info, body);
    if (wrongKind != null) {
      return wrongKind;
    }
    writeLock.lock();
    try {
      StoredObject current = store.get(info.type(), path.key());
      if (current == null) {
        return Statuses.notFound(info.type(), path.name());
      }
      if (info.customResource() && Json.text(body, "resourceVersion").isEmpty()) {
        return Statuses.invalid(info.type(), info.kind(), path.name(), "metadata.resourceVersion",
            "FieldValueInvalid", "Invalid value: 0x0: must be specified for an update");
      }
      return replaceLocked(path, info, body, current);
    } finally {
      writeLock.unlock();
    }
  }

  ApiResponse patch(ResourcePath path, ResourceInfo info, ApiRequest request) {
    PatchType type = PatchType.of(request.contentType(), info);
    if (type == null) {
      return Statuses.unsupportedMediaType(request.contentType());
    }
    JsonNode patch;
    try {
      patch = Json.tree(request.body());
    } catch (Json.NotAnObjectException e) {
      return Statuses.badRequest(e.getMessage());
    }
    writeLock.lock();
    try {
      StoredObject current = store.get(info.type(), path.key());
      if (current == null) {
        return Statuses.notFound(info.type(), path.name());
      }
      JsonNode patched;
      try {
        patched = type == PatchType.JSON_PATCH
            ? JsonPatch.apply(patch, Json.stored(current.json()))
            : MergePatch.apply(Json.stored(current.json()), patch);
      } catch (RuntimeException e) {
        return Statuses.unprocessable(info.type(), info.kind(), path.name(), "the patch could not be applied: "
            + e.getMessage());
      }
      if (!(patched instanceof ObjectNode patchedObject)) {
        return Statuses.unprocessable(info.type(), info.kind(), path.name(), "the patched object is not an object");
      }
      return replaceLocked(path, info, patchedObject, current);
    } finally {
      writeLock.unlock();
    }
  }

  ApiResponse delete(ResourcePath path, ResourceInfo info, ApiRequest request) {
    JsonNode options = null;
    if (!request.body().isBlank()) {
      try {
        options = Json.object(request.body());
      } catch (Json.NotAnObjectException e) {
        return Statuses.badRequest(e.getMessage());
      }
    }
    if (isDryRun(request, options)) {
      return dryRunUnsupported();
    }
    // propagationPolicy and gracePeriodSeconds are accepted and have no effect: the stand-in has no
    // garbage collector (owner references are never followed) and no kubelet to wait for.
    writeLock.lock();
    try {
      StoredObject current = store.get(info.type(), path.key());
      if (current == null) {
        return Statuses.notFound(info.type(), path.name());
      }
      if (options != null) {
        ApiResponse failed = checkPreconditions(info, path.name(), options.path("preconditions"), current);
        if (failed != null) {
          return failed;
        }
      }
      Result result = dispatcher.call(HttpMethod.DELETE, ResourcePath.object(info.type(), path.key(), null).objectPath(),
          null, null);
      if (!result.isSuccess()) {
        return answer(result, Operation.DELETE, info, path.key());
      }
      // With finalizers the object stays, marked for deletion: return that state, like the real server.
      StoredObject after = store.get(info.type(), path.key());
      return ApiResponse.json(200, after != null ? after.json() : current.json());
    } finally {
      writeLock.unlock();
    }
  }

  ApiResponse deleteCollection(ResourcePath path, ResourceInfo info, ApiRequest request) {
    if (isDryRun(request, null)) {
      return dryRunUnsupported();
    }
    ObjectFilter filter;
    try {
      filter = ObjectFilters.of(path.namespace(), null, request.param("labelSelector"), request.param("fieldSelector"));
    } catch (InvalidSelectorException e) {
      return Statuses.badRequest(e.getMessage());
    }
    writeLock.lock();
    try {
      List<String> deleted = new ArrayList<>();
      for (StoredObject object : store.list(info.type(), filter, null, 0, false).items()) {
        Result result = dispatcher.call(HttpMethod.DELETE, ResourcePath.object(info.type(), object.key(), null)
            .objectPath(), null, null);
        if (result.isSuccess()) {
          StoredObject after = store.get(info.type(), object.key());
          deleted.add(after != null ? after.json() : object.json());
        }
      }
      String listKind = info.listKind() == null ? "List" : info.listKind();
      return ApiResponse.json(200, "{\"kind\":\"" + listKind + "\",\"apiVersion\":\"" + info.type().apiVersion()
          + "\",\"metadata\":{\"resourceVersion\":\"" + store.revision() + "\"},\"items\":["
          + String.join(",", deleted) + "]}");
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * The rules the real server applies to every update, whether PUT or PATCH, before fabric8 stores it.
   * Runs under the write lock with {@code current} read under it.
   */
  private ApiResponse replaceLocked(ResourcePath path, ResourceInfo info, ObjectNode body, StoredObject current) {
    boolean toStatus = "status".equals(path.subresource());
    if (path.subresource() != null && !(toStatus && info.statusSubresource())) {
      return Statuses.pathNotFound();
    }
    ObjectNode currentNode = Json.stored(current.json());
    ObjectNode metadata = Json.metadata(body);
    String bodyVersion = Json.text(body, "resourceVersion");
    String currentVersion = Json.text(currentNode, "resourceVersion");
    // fabric8 compares versions for PUT and PATCH of the object, but a status PUT it compares against a
    // copy of the current object, so it never conflicts; checking here covers every update alike.
    if (!bodyVersion.isEmpty() && !bodyVersion.equals(currentVersion)) {
      return Statuses.staleResourceVersion(info.type(), path.name());
    }
    String bodyUid = Json.text(body, "uid");
    String currentUid = Json.text(currentNode, "uid");
    if (!bodyUid.isEmpty() && !bodyUid.equals(currentUid)) {
      return Statuses.conflict(info.type(), path.name(), "Precondition failed: UID in precondition: " + bodyUid
          + ", UID in object meta: " + currentUid);
    }
    // deletionTimestamp is the server's: a client cannot set or clear it. fabric8 would delete an object
    // whose update carries one and no finalizers, so it is pinned to the stored value.
    JsonNode deletionTimestamp = currentNode.path("metadata").get("deletionTimestamp");
    if (deletionTimestamp == null) {
      metadata.remove("deletionTimestamp");
    } else {
      metadata.set("deletionTimestamp", deletionTimestamp);
    }
    if (!toStatus && info.statusSubresource()) {
      // fabric8 keeps the status only for the one version of a CRD it registers; do it for every
      // version and for built-in kinds with a status subresource.
      JsonNode status = currentNode.get("status");
      if (status == null) {
        body.remove("status");
      } else {
        body.set("status", status);
      }
    }
    Result result = dispatcher.call(HttpMethod.PUT, path.objectPath(), JSON, body.toString());
    if (result.code() == 200 && result.body().isEmpty()) {
      // The update removed the last finalizer of an object marked for deletion: fabric8 deleted it
      // and returns nothing; the real server returns the object as last written.
      return ApiResponse.json(200, body.toString());
    }
    return answer(result, Operation.UPDATE, info, path.key());
  }

  private ApiResponse checkPreconditions(ResourceInfo info, String name, JsonNode preconditions, StoredObject current) {
    if (!preconditions.isObject()) {
      return null;
    }
    ObjectNode currentNode = Json.stored(current.json());
    String wantedVersion = preconditions.path("resourceVersion").asText("");
    String currentVersion = Json.text(currentNode, "resourceVersion");
    if (!wantedVersion.isEmpty() && !wantedVersion.equals(currentVersion)) {
      return Statuses.conflict(info.type(), name, "Precondition failed: ResourceVersion in precondition: "
          + wantedVersion + ", ResourceVersion in object meta: " + currentVersion);
    }
    String wantedUid = preconditions.path("uid").asText("");
    String currentUid = Json.text(currentNode, "uid");
    if (!wantedUid.isEmpty() && !wantedUid.equals(currentUid)) {
      return Statuses.conflict(info.type(), name, "Precondition failed: UID in precondition: " + wantedUid
          + ", UID in object meta: " + currentUid);
    }
    return null;
  }

  /**
   * Marks a new CRD Established with its names accepted, as the apiextensions controller does
   * moments after creation; clients that wait for Established then proceed at once.
   */
  private void establish(String crdJson) {
    ObjectNode crd = Json.stored(crdJson);
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    ObjectNode status = crd.putObject("status");
    status.set("acceptedNames", ResourceCatalog.acceptedNames(crd.path("spec")));
    ArrayNode conditions = status.putArray("conditions");
    condition(conditions, "NamesAccepted", "NoConflicts", "no conflicts found", now);
    condition(conditions, "Established", "InitialNamesAccepted", "the initial names have been accepted", now);
    ArrayNode stored = status.putArray("storedVersions");
    for (JsonNode version : crd.path("spec").path("versions")) {
      if (version.path("storage").asBoolean(false)) {
        stored.add(version.path("name").asText());
      }
    }
    String name = Json.text(crd, "name");
    dispatcher.call(HttpMethod.PUT, ResourceCatalog.CRD_TYPE.basePath() + "/customresourcedefinitions/" + name
        + "/status", JSON, crd.toString());
  }

  private static void condition(ArrayNode conditions, String type, String reason, String message, String now) {
    ObjectNode condition = conditions.addObject();
    condition.put("type", type);
    condition.put("status", "True");
    condition.put("lastTransitionTime", now);
    condition.put("reason", reason);
    condition.put("message", message);
  }

  /**
   * Fills in apiVersion and kind when missing (the real server takes them from the path) and refuses a
   * body of another kind, which fabric8 would otherwise file under that other kind's collection.
   */
  private static ApiResponse defaultAndCheckKind(ResourceInfo info, ObjectNode body) {
    if (!info.isKnownKind()) {
      return null;
    }
    if (body.path("apiVersion").asText("").isEmpty()) {
      body.put("apiVersion", info.type().apiVersion());
    }
    if (body.path("kind").asText("").isEmpty()) {
      body.put("kind", info.kind());
    }
    String apiVersion = body.path("apiVersion").asText();
    if (!apiVersion.equals(info.type().apiVersion())) {
      return Statuses.badRequest("the API version in the data (" + apiVersion
          + ") does not match the expected API version (" + info.type().apiVersion() + ")");
    }
    String kind = body.path("kind").asText();
    if (!kind.equals(info.kind())) {
      return Statuses.badRequest("the kind in the data (" + kind + ") does not match the expected kind ("
          + info.kind() + ")");
    }
    return null;
  }

  private String uniqueName(ResourcePath path, String generateName) {
    while (true) {
      StringBuilder name = new StringBuilder(generateName);
      for (int i = 0; i < 5; i++) {
        name.append(NAME_SUFFIX_ALPHABET.charAt(random.nextInt(NAME_SUFFIX_ALPHABET.length())));
      }
      if (store.get(path.type(), new ObjectKey(path.namespace(), name.toString())) == null) {
        return name.toString();
      }
    }
  }

  /**
   * Maps fabric8's answer to the real server's status code and body: on success the object as stored
   * (see {@link StandInDispatcher}), otherwise a Status.
   */
  private ApiResponse answer(Result result, Operation operation, ResourceInfo info, ObjectKey key) {
    String name = key.name();
    if (result.isSuccess()) {
      int code = operation == Operation.CREATE ? 201 : 200;
      StoredObject stored = store.get(info.type(), key);
      return ApiResponse.json(code, stored != null ? stored.json() : result.body());
    }
    return switch (result.code()) {
      case 404 -> Statuses.notFound(info.type(), name);
      case 409 -> operation == Operation.CREATE
          ? Statuses.alreadyExists(info.type(), name)
          : Statuses.staleResourceVersion(info.type(), name);
      case 422 -> Statuses.unprocessable(info.type(), info.kind(), name, Json.statusMessage(result.body()));
      case 400 -> Statuses.badRequest(Json.statusMessage(result.body()));
      default -> Statuses.internalError("fabric8 answered " + result.code() + ": " + Json.statusMessage(result.body()));
    };
  }

  static boolean isDryRun(ApiRequest request, JsonNode options) {
    String query = request.param("dryRun");
    return (query != null && !query.isEmpty())
        || (options != null && options.path("dryRun").isArray() && !options.path("dryRun").isEmpty());
  }

  static ApiResponse dryRunUnsupported() {
    // Refused rather than ignored: silently persisting a dry run would be worse than failing.
    return Statuses.badRequest("dryRun is not supported by the Kubernetes stand-in");
  }

  private enum Operation { CREATE, UPDATE, DELETE }

  /** The patch formats, by Content-Type. */
  private enum PatchType {
    JSON_PATCH, MERGE_PATCH;

    static PatchType of(String contentType, ResourceInfo info) {
      String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
      return switch (mediaType) {
        case "application/json-patch+json" -> JSON_PATCH;
        case "application/merge-patch+json" -> MERGE_PATCH;
        // Custom resources have no strategic merge patch on the real server either (415). For built-in
        // kinds a merge patch is a close stand-in for the maps and scalars dev tooling patches.
        case "application/strategic-merge-patch+json" -> info.customResource() ? null : MERGE_PATCH;
        // Server-side apply needs managed fields: not supported (415).
        default -> null;
      };
    }
  }
}
