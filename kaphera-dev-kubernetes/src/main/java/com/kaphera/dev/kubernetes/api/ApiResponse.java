package com.kaphera.dev.kubernetes.api;

/**
 * A complete (non-streaming) response.
 *
 * @param reason the Status reason for error responses, for the one-line error log; never sent
 */
public record ApiResponse(int code, String contentType, String body, String reason) {

  public static final String JSON = "application/json";

  public static ApiResponse json(int code, String body) {
    return new ApiResponse(code, JSON, body, null);
  }

  public static ApiResponse text(int code, String body) {
    return new ApiResponse(code, "text/plain; charset=utf-8", body, null);
  }

  public boolean isSuccess() {
    return code >= 200 && code < 300;
  }
}
