package com.kaphera.dev.kubernetes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaphera.dev.kubernetes.support.Jackson;

/** Small JSON helpers over fabric8's own Jackson mapper (so both read numbers and dates alike). */
final class Json {

  private Json() {
  }

  /** Thrown for a request body that is not a JSON object; becomes 400 BadRequest. */
  static final class NotAnObjectException extends Exception {
    NotAnObjectException(String message) {
      super(message);
    }
  }

  static ObjectNode object(String text) throws NotAnObjectException {
    JsonNode node;
    try {
      node = Jackson.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new NotAnObjectException("the request body is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (node == null || !node.isObject()) {
      throw new NotAnObjectException("the request body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  static JsonNode tree(String text) throws NotAnObjectException {
    try {
      JsonNode node = Jackson.MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new NotAnObjectException("the request body is empty");
      }
      return node;
    } catch (NotAnObjectException e) {
      throw e;
    } catch (Exception e) {
      throw new NotAnObjectException("the request body is not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  /** Parses JSON the stand-in itself stored, which is always a valid object. */
  static ObjectNode stored(String json) {
    try {
      return (ObjectNode) Jackson.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException("stored object is not JSON", e);
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.path("metadata").path(field);
    return value.isValueNode() ? value.asText("") : "";
  }

  static ObjectNode metadata(ObjectNode object) {
    JsonNode metadata = object.get("metadata");
    if (metadata instanceof ObjectNode node) {
      return node;
    }
    return object.putObject("metadata");
  }

  /** The message of a Status body, or the body itself when it is not one. */
  static String statusMessage(String body) {
    try {
      JsonNode node = Jackson.MAPPER.readTree(body);
      if (node != null && node.hasNonNull("message")) {
        return node.get("message").asText();
      }
    } catch (Exception e) {
      // not JSON: fall through
    }
    return body == null || body.isEmpty() ? "(no message)" : firstLine(body);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
