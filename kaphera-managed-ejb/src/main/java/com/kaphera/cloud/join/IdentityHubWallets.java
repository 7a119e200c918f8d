package com.kaphera.cloud.join;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * EDC IdentityHub (0.15.1) wallets through their Identity API with the platform's super-user key
 * ({@code kaphera.join.wallet.*}, docs/configuration.md): the platform's multi-tenant wallet
 * ({@code kaphera.join.wallet.identity-url}), or a dedicated-managed organisation's own wallet, whose
 * Identity API its operator reports ({@code IdentityHub} status {@code identityApiUrl}) and which it
 * configures to accept the same key. Each call goes to {@link Identity#identityApi()}; the HTTP is the
 * same for both. Participant ids in paths are base64url, as IdentityHub expects. Guarded by MicroProfile Fault Tolerance: a timeout per call and a
 * circuit breaker that turns a dead wallet into fast failures, which the join retries with backoff.
 * The API key and the secrets the wallet returns are never logged nor put into an error message.
 */
@ApplicationScoped
@Timeout(value = 10, unit = ChronoUnit.SECONDS)
@CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, successThreshold = 1)
public class IdentityHubWallets implements Wallets {
    static final String KEY_FRAGMENT = "key-1";
    static final String CREDENTIAL_FORMAT = "VC1_0_JWT";
    private static final Duration CALL = Duration.ofSeconds(8);
    /** Credentials per page when listing a participant's (see {@link #credentials}), and how many are read at most. */
    static final int CREDENTIALS_PAGE = 500;
    static final int MAX_CREDENTIALS = 50_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    @ConfigProperty(name = "kaphera.join.wallet.identity-url")
    Optional<String> identityUrl;

    @Inject
    @ConfigProperty(name = "kaphera.join.wallet.credentials-url")
    Optional<String> credentialsUrl;

    @Inject
    @ConfigProperty(name = "kaphera.join.wallet.sts-url")
    Optional<String> stsUrl;

    /** The host part of the participants' did:web, port percent-encoded (e.g. {@code wallet.example.com}). */
    @Inject
    @ConfigProperty(name = "kaphera.join.wallet.did-host")
    Optional<String> didHost;

    @Inject
    @ConfigProperty(name = "kaphera.join.wallet.api-key")
    Optional<String> apiKey;

    @Inject
    @ConfigProperty(name = "kaphera.join.wallet.api-key-file")
    Optional<String> apiKeyFile;

    @Override
    public Identity plan(String participantContextId) {
        return new Identity(participantContextId, "did:web:" + setting(didHost, "did-host") + ":" + participantContextId,
                URI.create(trimmed(setting(credentialsUrl, "credentials-url")) + "/v1/participants/" + encode(participantContextId)),
                URI.create(trimmed(setting(stsUrl, "sts-url")) + "/token"), URI.create(trimmed(setting(identityUrl, "identity-url"))));
    }

    @Override
    public String createParticipant(Identity identity) throws WalletException {
        String id = identity.participantContextId();
        JsonObject manifest = Json.createObjectBuilder()
                .add("participantContextId", id)
                .add("did", identity.did())
                .add("active", true)
                .add("key", Json.createObjectBuilder()
                        .add("keyId", identity.did() + "#" + KEY_FRAGMENT)
                        .add("privateKeyAlias", id + "-" + KEY_FRAGMENT)
                        .add("keyGeneratorParams", Json.createObjectBuilder().add("algorithm", "EC").add("curve", "secp256r1")))
                .add("serviceEndpoints", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("id", id + "-credential-service").add("type", "CredentialService")
                        .add("serviceEndpoint", identity.credentialService().toString())))
                .add("roles", Json.createArrayBuilder())
                .build();
        HttpResponse<String> created = send(identity, "POST", "/v1alpha/participants", manifest.toString());
        if (created.statusCode() == 409) {
            // Left by an attempt whose answer we never recorded: its STS secret is lost, so replace it.
            HttpResponse<String> deleted = send(identity, "DELETE", "/v1alpha/participants/" + encode(id), null);
            expect(deleted, "remove the participant context left by an earlier attempt", 200, 204);
            created = send(identity, "POST", "/v1alpha/participants", manifest.toString());
        }
        expect(created, "create the participant context", 200, 201);
        try (JsonReader r = Json.createReader(new StringReader(created.body()))) {
            return r.readObject().getString("clientSecret");
        } catch (RuntimeException e) {
            throw new WalletException("The wallet's answer to creating participant " + id + " has no clientSecret", false);
        }
    }

    @Override
    public void requestCredentials(Identity identity, String issuerDid, String holderPid, List<String> types)
            throws WalletException {
        var credentials = Json.createArrayBuilder();
        types.forEach(t -> credentials.add(Json.createObjectBuilder().add("format", CREDENTIAL_FORMAT).add("type", t).add("id", t)));
        String body = Json.createObjectBuilder().add("issuerDid", issuerDid).add("holderPid", holderPid)
                .add("credentials", credentials).build().toString();
        HttpResponse<String> answer = send(identity, "POST", "/v1alpha/participants/" + encode(identity.participantContextId())
                + "/credentials/request", body);
        if (answer.statusCode() == 409) {
            return; // asked already (an earlier attempt's answer was lost)
        }
        expect(answer, "ask for credentials", 200, 201, 202, 204);
    }

    /**
     * Pages through the wallet's credentials with the super-user's {@code GET /v1alpha/credentials} and keeps
     * the participant's. Not {@code GET …/participants/{id}/credentials}: IdentityHub 0.15.1 (and its main
     * branch) answers that from the first 50 credentials of the whole wallet (a query with the default limit
     * and no participant filter) and only then drops other participants' ones, so in a shared wallet
     * holding more than 50 a participant's newer credentials are silently missing.
     */
    @Override
    public List<String> credentials(Identity identity) throws WalletException {
        java.util.List<String> raw = new java.util.ArrayList<>();
        for (int offset = 0; ; offset += CREDENTIALS_PAGE) {
            if (offset >= MAX_CREDENTIALS) {
                throw new WalletException("The wallet holds more than " + MAX_CREDENTIALS + " credentials; its Identity API "
                        + "cannot list one participant's without reading them all", false);
            }
            HttpResponse<String> answer = send(identity, "GET", "/v1alpha/credentials?offset=" + offset + "&limit="
                    + CREDENTIALS_PAGE, null);
            expect(answer, "list its credentials", 200);
            int read;
            try (JsonReader r = Json.createReader(new StringReader(answer.body()))) {
                jakarta.json.JsonArray page = r.readArray();
                read = page.size();
                for (jakarta.json.JsonValue v : page) {
                    JsonObject resource = v.asJsonObject();
                    JsonObject container = resource.getJsonObject("verifiableCredential");
                    if (identity.participantContextId().equals(resource.getString("participantContextId", null))
                            && container != null && container.get("rawVc") instanceof jakarta.json.JsonString s) {
                        raw.add(s.getString());
                    }
                }
            } catch (RuntimeException e) {
                throw new WalletException("The wallet's list of credentials is not what IdentityHub 0.15.1 answers", false);
            }
            if (read < CREDENTIALS_PAGE) {
                return raw;
            }
        }
    }

    @Override
    public void publishProtocolEndpoint(Identity identity, URI dspEndpoint) throws WalletException {
        String service = Json.createObjectBuilder().add("id", identity.participantContextId() + "-dsp")
                .add("type", "ProtocolEndpoint").add("serviceEndpoint", dspEndpoint.toString()).build().toString();
        String path = "/v1alpha/participants/" + encode(identity.participantContextId()) + "/dids/" + encode(identity.did())
                + "/endpoints?autoPublish=true";
        HttpResponse<String> answer = send(identity, "POST", path, service);
        if (answer.statusCode() == 409 || answer.statusCode() == 400 && answer.body().contains("exist")) {
            return; // published by an earlier attempt
        }
        expect(answer, "publish the connector's DSP endpoint", 200, 201, 204);
    }

    /** One call to the Identity API of the wallet holding {@code identity}. */
    private HttpResponse<String> send(Identity identity, String method, String path, String body) throws WalletException {
        if (identity.identityApi() == null) {
            throw new WalletException("No Identity API address for participant " + identity.participantContextId(), true);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(trimmed(identity.identityApi().toString()) + path))
                .timeout(CALL).header("x-api-key", key()).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new WalletException("The wallet's Identity API is unreachable (" + e.getClass().getSimpleName() + ")", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WalletException("Interrupted while calling the wallet", false);
        }
    }

    private static void expect(HttpResponse<String> answer, String what, int... codes) throws WalletException {
        for (int code : codes) {
            if (answer.statusCode() == code) {
                return;
            }
        }
        int status = answer.statusCode();
        // 4xx other than throttling: our request is wrong for this wallet, retrying will not help.
        boolean permanent = status >= 400 && status < 500 && status != 408 && status != 429;
        String body = answer.body() == null ? "" : answer.body();
        throw new WalletException("The wallet refused to " + what + ": HTTP " + status
                + (body.isBlank() ? "" : " " + body.substring(0, Math.min(300, body.length())).replaceAll("\\s+", " ")), permanent);
    }

    private String key() throws WalletException {
        if (apiKey.filter(s -> !s.isBlank()).isPresent()) {
            return apiKey.get().strip();
        }
        if (apiKeyFile.filter(s -> !s.isBlank()).isPresent()) {
            try {
                return Files.readString(Path.of(apiKeyFile.get()), StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                throw new WalletException("kaphera.join.wallet.api-key-file cannot be read", true);
            }
        }
        throw new WalletException("The platform wallet is not configured: set kaphera.join.wallet.api-key or "
                + "kaphera.join.wallet.api-key-file (docs/configuration.md)", true);
    }

    private static String setting(Optional<String> value, String name) {
        return value.filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                "The platform wallet is not configured: set kaphera.join.wallet." + name + " (docs/configuration.md)"));
    }

    private static String trimmed(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static String encode(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }
}
