package com.kaphera.cloud.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real Keycloak (dev mode, H2 in its own folder) with the realm export
 * liberty-config/keycloak/kaphera-pilot-realm.json, driven through scripts/keycloak.sh like
 * {@code make run KEYCLOAK=1}. The distribution is the one kaphera-it/pom.xml unpacks (system property
 * {@code kaphera.it.keycloak}). Every harness starts from an empty database, so each test run gets the
 * realm exactly as exported (fresh signing keys, no sessions, no earlier rotations).
 */
public final class Keycloak {
    public static final String REALM = "kaphera-pilot";
    public static final String AUDIENCE = "kaphera-api";
    /** The CLI's public client: the one with the password grant (dev and tests only). */
    public static final String CLI_CLIENT = "kaphera-cli";
    /** The logistics provider's CI service account (client credentials; operator of logistics-provider). */
    public static final String LOGISTICS_CLIENT = "logistics-provider-ci";
    public static final String LOGISTICS_SECRET = "logistics-provider-ci-dev-secret";
    private static final String ADMIN = "admin";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

    private final Path dir;
    private final int port;

    Keycloak(Path dir) {
        this(dir, Processes.freePort());
    }

    Keycloak(Path dir, int port) {
        this.dir = dir;
        this.port = port;
        // A Keycloak left behind by a killed test JVM, then its database: every run starts clean.
        Processes.run(script(), "stop", dir.toString());
        Processes.deleteRecursively(dir);
    }

    /** The unpacked keycloak-quarkus-dist (kaphera-it/pom.xml, execution unpack-keycloak). */
    static Path distribution() {
        String value = System.getProperty("kaphera.it.keycloak");
        if (value == null) {
            throw new IllegalStateException("kaphera.it.keycloak is not set: run the integration tests through Maven (make test)");
        }
        Path dist = Path.of(value).toAbsolutePath();
        if (!Files.isRegularFile(dist.resolve("bin/kc.sh"))) {
            throw new IllegalStateException(dist + " holds no Keycloak distribution; the pre-integration-test phase unpacks it"
                    + " (mvn -pl kaphera-it dependency:unpack@unpack-keycloak)");
        }
        return dist;
    }

    /** The dev password of a realm user, as documented in liberty-config/keycloak/README.md. */
    public static String devPassword(String username) {
        return username + "-dev";
    }

    /** Starts Keycloak and returns once the realm's discovery document answers (idempotent). */
    public void start() {
        // A cold first start builds the distribution (~30 s) before importing the realm: allow for it,
        // staying under the 3 minutes Processes.run waits.
        Processes.run(Map.of("KEYCLOAK_START_TIMEOUT", "170", "KEYCLOAK_REALM", REALM),
                script(), "start", distribution().toString(), dir.toString(), Integer.toString(port),
                Config.libertyConfig().resolve("keycloak/kaphera-pilot-realm.json").toString());
    }

    /** Stops Keycloak; its database stays, so {@link #start()} brings back the same realm, keys and users. */
    public void stop() {
        Processes.run(script(), "stop", dir.toString());
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The realm URL: the tokens' {@code iss}, and what MP_JWT_VERIFY_ISSUER must be. */
    public String issuer() {
        return url() + "/realms/" + REALM;
    }

    /** The realm's JWKS, for MP_JWT_VERIFY_PUBLICKEY_LOCATION. */
    public String jwksUri() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    /** An access token for a realm user, through the CLI client's password grant. */
    public String passwordToken(String username, String password) {
        return accessToken(tokenEndpoint(), Map.of("grant_type", "password", "client_id", CLI_CLIENT,
                "username", username, "password", password));
    }

    /** An access token for a confidential client's service account (client credentials grant). */
    public String clientCredentialsToken(String clientId, String secret) {
        return accessToken(tokenEndpoint(), Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secret));
    }

    /** Sets the realm's access token lifespan (seconds), e.g. to see expired tokens refused quickly. */
    public void setAccessTokenLifespan(int seconds) {
        String body = Json.createObjectBuilder().add("accessTokenLifespan", seconds).build().toString();
        expect(send(adminToken(), "PUT", url() + "/admin/realms/" + REALM, body), 204);
    }

    /** {@link #rotateKeys(boolean) rotateKeys(false)}: the old key stays published, so tokens it signed still verify. */
    public String rotateKeys() {
        return rotateKeys(false);
    }

    /**
     * Adds a new RS256 key provider with a higher priority than every existing one, so that new tokens carry
     * a new {@code kid}; with {@code disableOld} the previous RS256 providers are disabled too, which removes
     * their keys from the JWKS (tokens they signed no longer verify). Returns the new signing key's kid.
     */
    public String rotateKeys(boolean disableOld) {
        String admin = adminToken();
        String realmUrl = url() + "/admin/realms/" + REALM;
        JsonObject keys = json(send(admin, "GET", realmUrl + "/keys", null), 200);
        String oldKid = keys.getJsonObject("active").getString("RS256");
        List<JsonObject> rs256 = keys.getJsonArray("keys").getValuesAs(JsonObject.class).stream()
                .filter(k -> "RS256".equals(k.getString("algorithm", null)) && "SIG".equals(k.getString("use", null)))
                .toList();
        long priority = rs256.stream().mapToLong(k -> k.getJsonNumber("providerPriority").longValue()).max().orElse(100) + 100;

        String realmId = json(send(admin, "GET", realmUrl, null), 200).getString("id");
        JsonObject component = Json.createObjectBuilder()
                .add("name", "rsa-rotated-" + System.currentTimeMillis())
                .add("providerId", "rsa-generated")
                .add("providerType", "org.keycloak.keys.KeyProvider")
                .add("parentId", realmId)
                .add("config", Json.createObjectBuilder()
                        .add("priority", Json.createArrayBuilder().add(Long.toString(priority)))
                        .add("algorithm", Json.createArrayBuilder().add("RS256"))
                        .add("keySize", Json.createArrayBuilder().add("2048"))
                        .add("active", Json.createArrayBuilder().add("true"))
                        .add("enabled", Json.createArrayBuilder().add("true")))
                .build();
        expect(send(admin, "POST", realmUrl + "/components", component.toString()), 201);

        if (disableOld) {
            for (String providerId : rs256.stream().map(k -> k.getString("providerId")).distinct().toList()) {
                String componentUrl = realmUrl + "/components/" + providerId;
                JsonObject old = json(send(admin, "GET", componentUrl, null), 200);
                JsonObjectBuilder config = Json.createObjectBuilder(old.getJsonObject("config"))
                        .add("enabled", Json.createArrayBuilder().add("false"));
                JsonObject disabled = Json.createObjectBuilder(old).add("config", config).build();
                expect(send(admin, "PUT", componentUrl, disabled.toString()), 204);
            }
        }

        String newKid = json(send(admin, "GET", realmUrl + "/keys", null), 200).getJsonObject("active").getString("RS256");
        if (newKid.equals(oldKid)) {
            throw new IllegalStateException("Key rotation did not change the active RS256 key (" + oldKid + ")");
        }
        return newKid;
    }

    /** The decoded JOSE header of a JWT (alg, kid, typ). */
    public static JsonObject header(String jwt) {
        return decode(jwt.split("\\.")[0]);
    }

    /** The decoded claims of a JWT (not verified: for looking at what Keycloak issued). */
    public static JsonObject payload(String jwt) {
        return decode(jwt.split("\\.")[1]);
    }

    /** A master-realm token for the bootstrap admin that scripts/keycloak.sh created. */
    private String adminToken() {
        String password;
        try {
            password = Files.readString(dir.resolve("admin-password")).strip();
        } catch (IOException e) {
            throw new IllegalStateException("No admin password in " + dir + ": is Keycloak started?", e);
        }
        return accessToken(url() + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", ADMIN, "password", password));
    }

    private static String accessToken(String endpoint, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        return json(response, 200).getString("access_token");
    }

    private static HttpResponse<String> send(String bearer, String method, String url, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return exchange(b);
    }

    private static HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("Keycloak answered " + response.statusCode() + " (expected " + status + ") to "
                    + response.request().method() + " " + response.request().uri() + ": " + response.body());
        }
    }

    private static JsonObject json(HttpResponse<String> response, int status) {
        expect(response, status);
        try (JsonReader r = Json.createReader(new StringReader(response.body()))) {
            return r.readObject();
        }
    }

    private static JsonObject decode(String part) {
        try (JsonReader r = Json.createReader(new StringReader(
                new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8)))) {
            return r.readObject();
        }
    }

    private static String script() {
        return Config.scripts().resolve("keycloak.sh").toString();
    }
}
