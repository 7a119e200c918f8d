package com.kaphera.dev.kubernetes.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaphera.dev.kubernetes.store.ResourceType;
import com.kaphera.dev.kubernetes.support.Jackson;

/**
 * Kubernetes {@code Status} error bodies, worded like the real API server's, because clients branch on
 * {@code reason} and {@code code} and people read {@code message}. Only fields of meta/v1 Status are
 * written: client-java's generated models reject unknown fields.
 */
public final class Statuses {

  private Statuses() {
  }

  public static ApiResponse notFound(ResourceType type, String name) {
    return failure(404, "NotFound", type.qualifiedPlural() + " \"" + name + "\" not found",
        details(name, type.group(), type.plural()));
  }

  /** A path that names no known collection: the real server's answer to a typo in group or plural. */
  public static ApiResponse pathNotFound() {
    return failure(404, "NotFound", "the server could not find the requested resource", mapper().createObjectNode());
  }

  public static ApiResponse alreadyExists(ResourceType type, String name) {
    return failure(409, "AlreadyExists", type.qualifiedPlural() + " \"" + name + "\" already exists",
        details(name, type.group(), type.plural()));
  }

  public static ApiResponse staleResourceVersion(ResourceType type, String name) {
    return conflict(type, name,
        "the object has been modified; please apply your changes to the latest version and try again");
  }

  public static ApiResponse conflict(ResourceType type, String name, String why) {
    return failure(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedPlural() + " \"" + name
        + "\": " + why, details(name, type.group(), type.plural()));
  }

  /**
   * 422 with one field cause, e.g. {@code Widget.test.kaphera.io "w" is invalid: metadata.name: ...}.
   *
   * @param kind the object's kind (Invalid names the kind, the other reasons the plural)
   */
  public static ApiResponse invalid(ResourceType type, String kind, String name, String field, String causeReason,
      String causeMessage) {
    String qualifiedKind = type.isCoreGroup() ? kind : kind + "." + type.group();
    ObjectNode details = details(name, type.group(), kind);
    ObjectNode cause = details.putArray("causes").addObject();
    cause.put("reason", causeReason);
    cause.put("message", causeMessage);
    cause.put("field", field);
    return failure(422, "Invalid", qualifiedKind + " \"" + name + "\" is invalid: " + field + ": " + causeMessage,
        details);
  }

  /** 422 for a patch that cannot be applied, or a body fabric8 refuses as invalid. */
  public static ApiResponse unprocessable(ResourceType type, String kind, String name, String message) {
    return failure(422, "Invalid", message, details(name, type.group(), kind == null ? type.plural() : kind));
  }

  public static ApiResponse badRequest(String message) {
    return failure(400, "BadRequest", message, null);
  }

  public static ApiResponse methodNotAllowed() {
    return failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
        mapper().createObjectNode());
  }

  public static ApiResponse unsupportedMediaType(String contentType) {
    return failure(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media"
        + " types include: application/json-patch+json, application/merge-patch+json (got " + contentType + ")",
        null);
  }

  public static ApiResponse entityTooLarge() {
    return failure(413, "RequestEntityTooLarge", "the request body is larger than the stand-in accepts", null);
  }

  public static ApiResponse tooManyRequests(String message) {
    ObjectNode details = mapper().createObjectNode();
    details.put("retryAfterSeconds", 1);
    return failure(429, "TooManyRequests", message, details);
  }

  public static ApiResponse tooLargeResourceVersion(long requested, long current) {
    ObjectNode details = mapper().createObjectNode();
    ObjectNode cause = details.putArray("causes").addObject();
    cause.put("reason", "ResourceVersionTooLarge");
    cause.put("message", "Too large resource version");
    details.put("retryAfterSeconds", 1);
    return failure(504, "Timeout", "Too large resource version: " + requested + ", current: " + current, details);
  }

  public static ApiResponse internalError(String message) {
    return failure(500, "InternalError", message, null);
  }

  /** The Status object a watch sends as an ERROR event when it cannot resume (410 Gone). */
  public static String expired(long requested, long oldest) {
    return body(410, "Expired", "too old resource version: " + requested + " (" + oldest + ")", null);
  }

  static ApiResponse failure(int code, String reason, String message, ObjectNode details) {
    return new ApiResponse(code, ApiResponse.JSON, body(code, reason, message, details), reason);
  }

  private static String body(int code, String reason, String message, ObjectNode details) {
    ObjectNode status = mapper().createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    if (details != null) {
      status.set("details", details);
    }
    status.put("code", code);
    return status.toString();
  }

  private static ObjectNode details(String name, String group, String kind) {
    ObjectNode details = mapper().createObjectNode();
    if (name != null && !name.isEmpty()) {
      details.put("name", name);
    }
    if (group != null && !group.isEmpty()) {
      details.put("group", group);
    }
    details.put("kind", kind);
    return details;
  }

  private static ObjectMapper mapper() {
    return Jackson.MAPPER;
  }
}
