package com.kaphera.dev.operator.kubernetes;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiException;

/** One line about a failed call, for the log: the HTTP code and the Status message, or the I/O error. */
public final class ApiFailures {

  private static final int MAX_MESSAGE = 300;

  private ApiFailures() {
  }

  public static String describe(ApiException e) {
    if (e.getCode() == 0) {
      return String.valueOf(e.getCause() != null ? e.getCause() : e.getMessage());
    }
    String message = null;
    try {
      JsonElement body = JsonParser.parseString(e.getResponseBody());
      if (body.isJsonObject() && body.getAsJsonObject().has("message")) {
        message = body.getAsJsonObject().get("message").getAsString();
      }
    } catch (RuntimeException notAStatus) {
      // the code alone then
    }
    if (message == null) {
      return "HTTP " + e.getCode();
    }
    return "HTTP " + e.getCode() + ": "
        + (message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message);
  }
}
