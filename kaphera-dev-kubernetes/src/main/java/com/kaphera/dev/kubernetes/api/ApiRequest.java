package com.kaphera.dev.kubernetes.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * One request to the stand-in, independent of the HTTP server: what the HTTP front hands over, and
 * what in-process callers (manifest loading, the simulated operator) build themselves.
 *
 * @param path the decoded path, without query
 * @param query decoded query parameters (first value wins)
 */
public record ApiRequest(String method, String path, Map<String, String> query, String contentType, String body) {

  public ApiRequest {
    query = Collections.unmodifiableMap(query);
    body = body == null ? "" : body;
  }

  /** A request without query parameters, for in-process callers. */
  public static ApiRequest of(String method, String path, String contentType, String body) {
    return new ApiRequest(method, path, Map.of(), contentType, body);
  }

  public static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> query = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.putIfAbsent(key, value);
    }
    return query;
  }

  public String param(String name) {
    return query.get(name);
  }

  /** Kubernetes accepts "true" and "1" for boolean query parameters such as watch. */
  public boolean flag(String name) {
    String value = query.get(name);
    return "true".equalsIgnoreCase(value) || "1".equals(value);
  }
}
