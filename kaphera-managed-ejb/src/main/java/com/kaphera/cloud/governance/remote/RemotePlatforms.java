package com.kaphera.cloud.governance.remote;

import com.kaphera.cloud.common.UnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * Other Kaphera platforms that govern dataspaces this platform's organisations join, one per name
 * under {@code kaphera.authorities.<name>.*} (docs/configuration.md): the platform's base URL, the
 * organisation this platform holds there, and how it gets a bearer token (a token file, read at every
 * call so that it can be rotated, or OAuth2 client credentials). Calls go through an MP Rest Client
 * ({@link RemotePlatformApi}) with a timeout and a circuit breaker: an unreachable platform or a 5xx is
 * an {@link UnavailableException} (a failure, retried by the join), a 4xx is an {@link Answer}.
 * Secrets (token, client secret) are never logged nor put into an answer or an error.
 */
@ApplicationScoped
@Timeout(value = 15, unit = ChronoUnit.SECONDS)
@CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.75, delay = 5000, successThreshold = 1,
        skipOn = IllegalStateException.class)
public class RemotePlatforms {
    public static final String NAME_REGEX = "[a-z][a-z0-9-]{0,38}[a-z0-9]|[a-z]";
    private static final String PREFIX = "kaphera.authorities.";
    private static final String DISABLE_DEFAULT_MAPPER = "microprofile.rest.client.disable.default.mapper";
    private static final HttpClient TOKEN_HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final Map<String, RemotePlatformApi> clients = new ConcurrentHashMap<>();
    private final Map<String, CachedToken> tokens = new ConcurrentHashMap<>();

    /** An HTTP answer of the remote platform: its status and JSON body (empty object when it had none). */
    public record Answer(int status, JsonObject body) {
        public boolean ok() {
            return status / 100 == 2;
        }

        /** The problem's detail and field errors, in one line (a remote problem+json). */
        public String problem() {
            String detail = body.getString("detail", body.getString("title", "HTTP " + status));
            StringBuilder s = new StringBuilder(detail);
            if (body.get("errors") instanceof jakarta.json.JsonArray errors) {
                for (JsonValue e : errors) {
                    if (e instanceof JsonObject o) {
                        s.append("; ").append(o.getString("field", "?")).append(": ").append(o.getString("message", ""));
                    }
                }
            }
            return s.length() > 1000 ? s.substring(0, 1000) : s.toString();
        }
    }

    private record CachedToken(String value, Instant expires) {
    }

    /** Whether {@code name} is a configured authority (it has a URL and an organisation). */
    public boolean configured(String name) {
        return name != null && name.matches(NAME_REGEX) && setting(name, "url").isPresent()
                && setting(name, "organisation").isPresent();
    }

    /**
     * The organisation on the authority's platform that {@code ours} (an organisation of this platform)
     * applies as: its own account there ({@code kaphera.authorities.<name>.organisations.<ours>}), else the
     * one this platform holds for all ({@code kaphera.authorities.<name>.organisation}).
     */
    public String organisation(String name, String ours) {
        return setting(name, "organisations." + ours).orElseGet(() -> required(name, "organisation"));
    }

    /** Where the authority's platform is (for messages). */
    public String url(String name) {
        return required(name, "url");
    }

    /** {@code GET /api/v1/directory/dataspaces/{slug}}. */
    public Answer directoryEntry(String name, String slug) {
        return call(name, api -> api.dataspace(slug, bearer(name)));
    }

    /** {@code POST /api/v1/organisations/{org}/membership-requests} as {@code ours}' organisation there. */
    public Answer apply(String name, String ours, JsonObject application) {
        return call(name, api -> api.apply(organisation(name, ours), application.toString(), bearer(name)));
    }

    /** One page of the membership requests of {@code ours}' organisation there, newest first. */
    public Answer requests(String name, String ours, String next) {
        return call(name, api -> api.requests(organisation(name, ours), 100, next, bearer(name)));
    }

    /** One membership request of {@code ours}' organisation there. */
    public Answer request(String name, String ours, String id) {
        return call(name, api -> api.request(organisation(name, ours), id, bearer(name)));
    }

    private Answer call(String name, java.util.function.Function<RemotePlatformApi, Response> call) {
        RemotePlatformApi api = clients.computeIfAbsent(name, n -> RestClientBuilder.newBuilder()
                .baseUri(URI.create(required(n, "url")))
                .connectTimeout(3, TimeUnit.SECONDS).readTimeout(10, TimeUnit.SECONDS)
                .followRedirects(false)
                .property(DISABLE_DEFAULT_MAPPER, Boolean.TRUE)
                .build(RemotePlatformApi.class));
        Response response;
        try {
            response = call.apply(api);
        } catch (ProcessingException e) {
            throw new UnavailableException("The platform of authority '" + name + "' (" + url(name) + ") does not answer ("
                    + rootName(e) + ")", 5, null);
        }
        try (response) {
            String text = response.hasEntity() ? response.readEntity(String.class) : "";
            int status = response.getStatus();
            if (status >= 500 || status == 429 || status == 408) {
                throw new UnavailableException("The platform of authority '" + name + "' answered HTTP " + status, 5, null);
            }
            return new Answer(status, parse(text));
        } catch (ProcessingException e) {
            throw new UnavailableException("The platform of authority '" + name + "' broke off its answer (" + rootName(e)
                    + ")", 5, null);
        }
    }

    private static JsonObject parse(String text) {
        if (text == null || text.isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try (JsonReader r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        } catch (RuntimeException e) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
    }

    /** The bearer header: the token file's content, or a client-credentials token (cached until shortly before it expires). */
    private String bearer(String name) {
        Optional<String> file = setting(name, "token-file");
        if (file.isPresent()) {
            try {
                return "Bearer " + Files.readString(Path.of(file.get()), StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                throw new IllegalStateException(PREFIX + name + ".token-file cannot be read");
            }
        }
        CachedToken cached = tokens.get(name);
        if (cached != null && cached.expires().isAfter(Instant.now())) {
            return "Bearer " + cached.value();
        }
        CachedToken fresh = clientCredentials(name);
        tokens.put(name, fresh);
        return "Bearer " + fresh.value();
    }

    private CachedToken clientCredentials(String name) {
        String tokenUrl = required(name, "token-url");
        String clientId = required(name, "client-id");
        String secret;
        try {
            secret = Files.readString(Path.of(required(name, "client-secret-file")), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException(PREFIX + name + ".client-secret-file cannot be read");
        }
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        HttpResponse<String> answer;
        try {
            answer = TOKEN_HTTP.send(HttpRequest.newBuilder(URI.create(tokenUrl)).timeout(Duration.ofSeconds(8))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UnavailableException("The token endpoint of authority '" + name + "' does not answer", 5, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("Interrupted while asking for a token", 5, null);
        }
        if (answer.statusCode() / 100 != 2) {
            // The body may echo what we sent: never quote it.
            throw new IllegalStateException("The token endpoint of authority '" + name + "' refused the client "
                    + "credentials (HTTP " + answer.statusCode() + ")");
        }
        JsonObject token = parse(answer.body());
        String value = token.getString("access_token", null);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("The token endpoint of authority '" + name + "' answered without access_token");
        }
        long seconds = token.containsKey("expires_in") ? token.getJsonNumber("expires_in").longValue() : 60;
        return new CachedToken(value, Instant.now().plusSeconds(Math.max(0, seconds - 30)));
    }

    private String required(String name, String key) {
        return setting(name, key).orElseThrow(() -> new IllegalStateException("The remote authority '" + name
                + "' is not configured: set " + PREFIX + name + "." + key + " (docs/configuration.md)"));
    }

    private static Optional<String> setting(String name, String key) {
        if (name == null || !name.matches(NAME_REGEX)) {
            return Optional.empty();
        }
        Config config = ConfigProvider.getConfig();
        return config.getOptionalValue(PREFIX + name + "." + key, String.class).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static String rootName(Throwable e) {
        return com.kaphera.cloud.common.Failures.root(e).getClass().getSimpleName();
    }
}
