package com.kaphera.cloud.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small HTTP client for the tests: every call is a real request to the running server, and every
 * exchange is checked against that server's OpenAPI document ({@link OpenApiContract}).
 */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

    /** An X-Request-Id every request of this thread sends (null: none), to find a scenario's audit entries. */
    private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();

    private final URI base;
    private final String token;
    private final boolean contractChecked;

    public Http(URI base) {
        this(base, null, true);
    }

    private Http(URI base, String token, boolean contractChecked) {
        this.base = base;
        this.token = token;
        this.contractChecked = contractChecked;
    }

    /** Until called again with null, every request this thread makes carries {@code X-Request-Id: id}. */
    public static void sendRequestId(String id) {
        if (id == null) {
            REQUEST_ID.remove();
        } else {
            REQUEST_ID.set(id);
        }
    }

    /** The same client, sending {@code Authorization: Bearer token}. */
    public Http as(String bearerToken) {
        return new Http(base, bearerToken, contractChecked);
    }

    /**
     * The same client without the OpenAPI contract check, for an exchange no contract could describe.
     * Say why at the call site; {@code reason} is there to make that impossible to forget.
     */
    public Http withoutContractCheck(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("say why this exchange is not checked against the contract");
        }
        return new Http(base, token, false);
    }

    public Response get(String path, String... extraHeaders) {
        return send("GET", path, null, null, extraHeaders);
    }

    public Response post(String path, String json, String... extraHeaders) {
        return send("POST", path, "application/json", json, extraHeaders);
    }

    public Response patch(String path, String json, String... extraHeaders) {
        return send("PATCH", path, "application/merge-patch+json", json, extraHeaders);
    }

    public Response delete(String path, String... extraHeaders) {
        return send("DELETE", path, null, null, extraHeaders);
    }

    public Response send(String method, String path, String contentType, String body, String... extraHeaders) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (REQUEST_ID.get() != null) {
            b.header("X-Request-Id", REQUEST_ID.get());
        }
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            b.header(extraHeaders[i], extraHeaders[i + 1]);
        }
        HttpRequest request = b.build();
        HttpResponse<String> r;
        try {
            r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (contractChecked) {
            OpenApiContract.of(base).check(method, request.uri(), contentType, body, request.headers().map(),
                    r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
        }
        return new Response(r.statusCode(), r.headers(), r.body());
    }

    /** Opens a Server-Sent Events stream (GET); the caller closes it. */
    public EventStream events(String path, String... extraHeaders) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET().header("Accept", "text/event-stream");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            b.header(extraHeaders[i], extraHeaders[i + 1]);
        }
        HttpRequest request = b.build();
        try {
            HttpResponse<java.util.stream.Stream<String>> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .version(HttpClient.Version.HTTP_1_1).build()
                    .send(request, HttpResponse.BodyHandlers.ofLines());
            if (contractChecked) {
                // The stream is read by the test: status and Content-Type are checked, the body is not.
                try {
                    OpenApiContract.of(base).check("GET", request.uri(), null, null, request.headers().map(),
                            r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), null);
                } catch (AssertionError e) {
                    r.body().close();
                    throw e;
                }
            }
            return new EventStream(r);
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonObject json() {
            try (JsonReader r = Json.createReader(new StringReader(body))) {
                return r.readObject();
            } catch (RuntimeException e) {
                throw new AssertionError("Not a JSON object (status " + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
