package com.kaphera.cloud.it.support;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A real Eclipse EDC IdentityHub 0.15.1 (module kaphera-dev-identityhub: a DCP wallet with participants,
 * keys, did:web documents, the Storage API and an STS), driven through scripts/identityhub.sh like
 * {@code make run}. The shaded jar is the one kaphera-it/pom.xml copies (system property
 * {@code kaphera.it.identityhub.jar}). The wallet keeps everything in memory: every start is empty.
 *
 * <p>Participants are created with the seeded super-user's API key; everything a participant then does
 * (requests, reading its credentials) uses that participant's own API key, as a wallet's owner would.
 * Participant ids in paths are base64url (no padding), as IdentityHub expects.
 */
public final class IdentityHub {
    /** The number of consecutive ports the wallet takes (scripts/identityhub.sh). */
    public static final int PORTS = 5;
    /** The wallet's verification method for every participant created here: {@code <did>#key-1}. */
    public static final String KEY_FRAGMENT = "key-1";
    /** The credential format IdentityHub 0.15.1 requests and stores for VC-JWTs. */
    public static final String VC1_0_JWT = "VC1_0_JWT";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

    private final Path dir;
    private final int basePort;
    private Properties endpoints;

    /** A participant context in the wallet: its DID, its Identity API key and its STS client (client id = DID). */
    public record Participant(String participantId, String did, String apiKey, String clientId, String clientSecret) {
        /** The id as it appears in the wallet's paths: base64url, no padding. */
        public String encodedId() {
            return encode(participantId);
        }

        /** The {@code kid} of the tokens the wallet signs for it, and its DID document's verification method id. */
        public String keyId() {
            return did + "#" + KEY_FRAGMENT;
        }

        @Override
        public String toString() {
            return "Participant[" + participantId + ", " + did + "]"; // no secrets in test reports
        }
    }

    IdentityHub(Path dir) {
        this(dir, Processes.freePortRange(PORTS));
    }

    IdentityHub(Path dir, int basePort) {
        this.dir = dir;
        this.basePort = basePort;
        // A wallet left behind by a killed test JVM: stop it; its state folder goes too.
        Processes.run(script(), "stop", dir.toString());
        Processes.deleteRecursively(dir);
    }

    /** The shaded kaphera-dev-identityhub jar (kaphera-it/pom.xml, execution copy-app). */
    static Path jar() {
        String value = System.getProperty("kaphera.it.identityhub.jar");
        if (value == null) {
            throw new IllegalStateException("kaphera.it.identityhub.jar is not set: run the integration tests through Maven (make test)");
        }
        Path jar = Path.of(value).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; the pre-integration-test phase copies it"
                    + " (mvn -pl kaphera-it -am -DskipTests install builds it)");
        }
        return jar;
    }

    /** Starts the wallet and returns once its Identity API accepts the super-user's key (idempotent). */
    public void start() {
        Processes.run(script(), "start", jar().toString(), dir.toString(), Integer.toString(basePort));
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve("endpoints.env"))) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalStateException("identityhub.sh wrote no endpoints.env in " + dir, e);
        }
        endpoints = p;
    }

    /** Stops the wallet; a later {@link #start()} begins empty (IdentityHub keeps everything in memory). */
    public void stop() {
        Processes.run(script(), "stop", dir.toString());
        endpoints = null;
    }

    /** The wallet's process id (for looking at its sockets). */
    public long pid() {
        return Long.parseLong(endpoint("IH_PID"));
    }

    /** Identity API base, e.g. {@code http://127.0.0.1:20001/api/identity}. */
    public URI identityApi() {
        return URI.create(endpoint("IH_IDENTITY_URL"));
    }

    /** DCP credentials context (Storage and Presentation APIs), e.g. {@code http://127.0.0.1:20002/api/credentials}. */
    public URI credentialsApi() {
        return URI.create(endpoint("IH_CREDENTIALS_URL"));
    }

    /** Where did:web documents are served: {@code <didBase>/<participant>/did.json}. */
    public URI didBase() {
        return URI.create(endpoint("IH_DID_URL"));
    }

    /** The STS token endpoint (client_credentials), e.g. {@code http://127.0.0.1:20004/api/sts/token}. */
    public URI stsTokenUrl() {
        return URI.create(endpoint("IH_STS_URL") + "/token");
    }

    /** The seeded super-user's Identity API key (role admin). */
    public String adminApiKey() {
        try {
            return Files.readString(Path.of(endpoint("IH_ADMIN_API_KEY_FILE"))).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The did:web a participant of this wallet gets: {@code did:web:127.0.0.1%3A<didport>:<participantId>}. */
    public String didFor(String participantId) {
        return "did:web:" + endpoint("IH_DID_HOST") + ":" + participantId;
    }

    /**
     * A participant's {@code CredentialService} endpoint: the DCP Storage API takes
     * {@code POST <this>/credentials} (CredentialMessage), the Presentation API {@code POST <this>/presentations/query}.
     */
    public URI credentialServiceUrl(String participantId) {
        return URI.create(credentialsApi() + "/v1/participants/" + encode(participantId));
    }

    /** {@link #createParticipant(String, Map)} with the {@code CredentialService} only. */
    public Participant createParticipant(String participantId) {
        return createParticipant(participantId, Map.of());
    }

    /** {@link #createParticipant(String, Map)} with a {@code ProtocolEndpoint} (a connector's DSP URL) too. */
    public Participant createParticipant(String participantId, URI protocolEndpoint) {
        return createParticipant(participantId, Map.of("ProtocolEndpoint", protocolEndpoint));
    }

    /**
     * Creates an active participant context with DID {@link #didFor}, a wallet-generated EC P-256 key
     * ({@code <did>#key-1}, used for every purpose), the service {@code CredentialService}
     * ({@link #credentialServiceUrl}) and one more service per entry of {@code services} (type → URL, e.g.
     * {@code ProtocolEndpoint}), all published in its DID document.
     */
    public Participant createParticipant(String participantId, Map<String, URI> services) {
        String did = didFor(participantId);
        var serviceArray = Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("id", participantId + "-credential-service")
                .add("type", "CredentialService")
                .add("serviceEndpoint", credentialServiceUrl(participantId).toString()));
        services.forEach((type, url) -> serviceArray.add(Json.createObjectBuilder()
                .add("id", participantId + "-" + type)
                .add("type", type)
                .add("serviceEndpoint", url.toString())));
        JsonObject manifest = Json.createObjectBuilder()
                .add("participantContextId", participantId)
                .add("did", did)
                .add("active", true)
                .add("key", Json.createObjectBuilder()
                        .add("keyId", did + "#" + KEY_FRAGMENT)
                        .add("privateKeyAlias", participantId + "-" + KEY_FRAGMENT)
                        .add("keyGeneratorParams", Json.createObjectBuilder().add("algorithm", "EC").add("curve", "secp256r1")))
                .add("serviceEndpoints", serviceArray)
                .add("roles", JsonValue.EMPTY_JSON_ARRAY)
                .build();
        JsonObject created = json(expect(send(adminApiKey(), "POST", identityApi() + "/v1alpha/participants", manifest.toString()), 200));
        return new Participant(participantId, did, created.getString("apiKey"), created.getString("clientId"),
                created.getString("clientSecret"));
    }

    /** The participant's DID document, fetched over HTTP as a did:web resolver would. */
    public JsonObject didDocument(Participant participant) {
        return json(expect(send(null, "GET", didBase() + "/" + participant.participantId() + "/did.json", null), 200));
    }

    /**
     * Asks the wallet to request credentials from {@code issuerDid} (Identity API
     * {@code POST …/participants/{id}/credentials/request}, answered 201). The wallet then resolves the issuer's
     * DID, takes its {@code IssuerService} endpoint and POSTs a DCP CredentialRequestMessage to
     * {@code <endpoint>/credentials} on its own state machine. Returns {@code holderPid}.
     */
    public String requestCredential(Participant participant, String issuerDid, String holderPid, String format, String type,
                                    String credentialObjectId) {
        JsonObject request = Json.createObjectBuilder()
                .add("issuerDid", issuerDid)
                .add("holderPid", holderPid)
                .add("credentials", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("format", format).add("type", type).add("id", credentialObjectId)))
                .build();
        expect(send(participant.apiKey(), "POST", participantPath(participant) + "/credentials/request", request.toString()), 201);
        return holderPid;
    }

    /** The wallet's record of a request: {@code issuerDid, holderPid, issuerPid, status (CREATED … ISSUED | ERROR), typesAndFormats}. */
    public JsonObject requestStatus(Participant participant, String holderPid) {
        return json(expect(send(participant.apiKey(), "GET", participantPath(participant) + "/credentials/request/"
                + URLEncoder.encode(holderPid, StandardCharsets.UTF_8), null), 200));
    }

    /** Polls {@link #requestStatus} until its status is {@code status} (or ERROR, which fails at once). */
    public JsonObject awaitRequestStatus(Participant participant, String holderPid, String status, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonObject last;
        do {
            last = requestStatus(participant, holderPid);
            String now = last.getString("status", "");
            if (now.equals(status)) {
                return last;
            }
            if (now.equals("ERROR") && !status.equals("ERROR")) {
                throw new AssertionError("Credential request " + holderPid + " went to ERROR: " + last);
            }
            sleep(100);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("Credential request " + holderPid + " not " + status + " after " + timeout + ": " + last);
    }

    /**
     * The credentials the wallet holds for the participant (Identity API {@code GET …/participants/{id}/credentials}):
     * VerifiableCredentialResources with {@code id, state, issuerId, holderId, metadata, verifiableCredential
     * {rawVc, format, credential}}. For a VC-JWT, {@link #rawVc} is the compact JWS as delivered.
     */
    public List<JsonObject> credentials(Participant participant) {
        return credentials(participant.participantId());
    }

    /**
     * The participant's credentials, read page by page from the super-user's {@code GET /v1alpha/credentials}:
     * IdentityHub 0.15.1's {@code GET …/participants/{id}/credentials} looks only at the first 50 credentials
     * of the whole wallet, which the stack's shared wallet exceeds in a full test run (the platform's
     * IdentityHubWallets reads them the same way, for the same reason).
     */
    public List<JsonObject> credentials(String participantContextId) {
        List<JsonObject> mine = new java.util.ArrayList<>();
        int page = 500;
        for (int offset = 0; ; offset += page) {
            List<JsonObject> read = array(expect(send(adminApiKey(), "GET", identityApi() + "/v1alpha/credentials?offset="
                    + offset + "&limit=" + page, null), 200)).getValuesAs(JsonObject.class);
            read.stream().filter(c -> participantContextId.equals(c.getString("participantContextId", null))).forEach(mine::add);
            if (read.size() < page) {
                return mine;
            }
        }
    }

    /**
     * The participant's credentials as IdentityHub 0.15.1's {@code GET …/participants/{id}/credentials}
     * lists them: drawn from the first 50 of the whole wallet only (see {@link #credentials(String)}).
     */
    public List<JsonObject> credentialsAsIdentityHubListsThem(Participant participant) {
        return array(expect(send(participant.apiKey(), "GET", participantPath(participant) + "/credentials", null), 200))
                .getValuesAs(JsonObject.class);
    }

    /**
     * Stores {@code count} credentials (unsigned, of type {@code FillerCredential}) for {@code owner}, so
     * that the wallet holds as many as a platform's shared wallet does. Returns their ids.
     */
    public List<String> fill(Participant owner, int count) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"ES256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "urn:uuid:" + java.util.UUID.randomUUID();
            String payload = b64.encodeToString(Json.createObjectBuilder().add("iss", "did:web:127.0.0.1%3A9443:filler")
                    .add("sub", owner.did()).add("jti", id).build().toString().getBytes(StandardCharsets.UTF_8));
            JsonObject decoded = Json.createObjectBuilder().add("id", id)
                    .add("type", Json.createArrayBuilder().add("VerifiableCredential").add("FillerCredential"))
                    .add("issuer", Json.createObjectBuilder().add("id", "did:web:127.0.0.1%3A9443:filler"))
                    .add("issuanceDate", "2026-12-01T00:00:00Z")
                    .add("credentialSubject", Json.createArrayBuilder().add(Json.createObjectBuilder()
                            .add("id", owner.did()).add("claims", Json.createObjectBuilder().add("n", i))))
                    .build();
            storeCredential(owner, id, VC1_0_JWT, header + "." + payload + "." + b64.encodeToString(new byte[64]), decoded);
            ids.add(id);
        }
        return ids;
    }

    /** One credential resource by id. */
    public JsonObject credential(Participant participant, String credentialId) {
        return json(expect(send(participant.apiKey(), "GET", participantPath(participant) + "/credentials/"
                + URLEncoder.encode(credentialId, StandardCharsets.UTF_8), null), 200));
    }

    /**
     * Stores a credential in the wallet directly (Identity API {@code POST …/participants/{id}/credentials}),
     * bypassing DCP, e.g. to have the wallet present something no issuer delivered. {@code credential} is the
     * decoded form IdentityHub keeps next to {@code rawVc} ({@code id, type[], issuer {id}, issuanceDate,
     * credentialSubject [{id, claims {…}}]}); the wallet checks neither against the other, nor any signature.
     */
    public void storeCredential(Participant participant, String credentialId, String format, String rawVc, JsonObject credential) {
        JsonObject manifest = Json.createObjectBuilder()
                .add("id", credentialId)
                .add("participantContextId", participant.participantId())
                .add("verifiableCredentialContainer", Json.createObjectBuilder()
                        .add("rawVc", rawVc).add("format", format).add("credential", credential))
                .build();
        expect(send(participant.apiKey(), "POST", participantPath(participant) + "/credentials", manifest.toString()), 204);
    }

    /** The credential as stored (for VC1_0_JWT: the VC-JWT the issuer delivered). */
    public static String rawVc(JsonObject credentialResource) {
        return credentialResource.getJsonObject("verifiableCredential").getString("rawVc");
    }

    /**
     * Replaces what the wallet stores for a credential (Identity API {@code PUT …/participants/{id}/credentials}),
     * keeping its id, decoded content and format but with {@code rawVc} as the raw credential, so that the wallet
     * presents {@code rawVc} from then on (e.g. a tampered VC-JWT). The wallet checks nothing about it.
     */
    public void replaceCredential(Participant participant, JsonObject credentialResource, String rawVc) {
        JsonObject container = Json.createObjectBuilder(credentialResource.getJsonObject("verifiableCredential"))
                .add("rawVc", rawVc).build();
        JsonObject manifest = Json.createObjectBuilder()
                .add("id", credentialResource.getString("id"))
                .add("participantContextId", participant.participantId())
                .add("verifiableCredentialContainer", container)
                .build();
        expect(send(participant.apiKey(), "PUT", participantPath(participant) + "/credentials", manifest.toString()), 204);
    }

    /**
     * A self-issued ID token from the wallet's STS ({@code POST /api/sts/token}, client_credentials with the
     * participant's DID and client secret): ES256, {@code kid} {@link Participant#keyId()}, {@code iss} =
     * {@code sub} = the participant's DID, {@code aud} = {@code audienceDid}, {@code iat/nbf/exp} (5 min),
     * {@code jti}; what a holder sends to an issuer.
     */
    public String selfIssuedToken(Participant participant, String audienceDid) {
        HttpResponse<String> response = stsToken(participant.clientId(), participant.clientSecret(), audienceDid);
        return json(expect(response, 200)).getString("access_token");
    }

    /** A raw STS token request, for tests of the STS's refusals. */
    public HttpResponse<String> stsToken(String clientId, String clientSecret, String audience) {
        String form = Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", clientSecret,
                        "audience", audience).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return exchange(HttpRequest.newBuilder(stsTokenUrl())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /**
     * Delivers a DCP CredentialMessage to the participant's Storage API ({@code POST <CredentialService>/credentials})
     * as an issuer would, with {@code bearer} (null: no Authorization header). IdentityHub answers 200 when
     * stored, 401 for a missing or invalid token (signature by the DID's key, iss = sub, aud = the holder's DID,
     * times), 404 for an unknown holderPid.
     */
    public HttpResponse<String> deliver(Participant participant, String bearer, String credentialMessage) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(credentialServiceUrl(participant.participantId()) + "/credentials"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(credentialMessage));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return exchange(b);
    }

    /**
     * For a failing test's message: the wallet's record of request {@code holderPid} of participant
     * {@code participantContextId} (read with the super-user's key), its credentials' ids, and its log's
     * lines that name the participant or report a request or delivery problem.
     */
    public String explain(String participantContextId, String holderPid) {
        StringBuilder out = new StringBuilder("the wallet about ").append(participantContextId).append(": ");
        String participant = identityApi() + "/v1alpha/participants/" + encode(participantContextId);
        if (holderPid != null) {
            HttpResponse<String> request = send(adminApiKey(), "GET", participant + "/credentials/request/"
                    + URLEncoder.encode(holderPid, StandardCharsets.UTF_8), null);
            out.append("request ").append(holderPid).append(" -> ").append(request.statusCode()).append(' ').append(request.body());
        }
        try {
            out.append("; credentials: ").append(credentials(participantContextId).stream()
                    .map(c -> c.getString("id", "?") + " from " + c.getString("issuerId", "?")).toList());
        } catch (RuntimeException e) {
            out.append("; credentials: ").append(e.getMessage());
        }
        out.append("; ").append(requestSenders());
        try (java.util.stream.Stream<String> lines = Files.lines(dir.resolve("identityhub.log"))) {
            out.append("; log: ").append(lines.filter(l -> l.contains(participantContextId)
                    || l.contains("Holder Credential Request") || l.contains("HTTP client exception")
                    || l.startsWith("SEVERE")).toList());
        } catch (IOException | java.io.UncheckedIOException e) {
            out.append("; no log: ").append(e);
        }
        return out.toString();
    }

    /**
     * Whether the wallet's credential-request state machines are alive and what they are doing (their
     * threads' top frames, from {@code jcmd Thread.print}), and its heap: a state machine that died of an
     * Error or hangs in a call explains a request that is never sent.
     */
    private String requestSenders() {
        try {
            String pid = Long.toString(pid());
            List<String> threads = java.util.Arrays.stream(Processes.run("jcmd", pid, "Thread.print").split("\n\n"))
                    .filter(t -> t.contains("CredentialRequestManager"))
                    .map(t -> t.lines().map(String::strip)
                            .filter(l -> l.startsWith("java.lang.Thread.State") || l.startsWith("at ") && !l.contains("java.base@"))
                            .limit(4).collect(Collectors.joining(" | ")))
                    .toList();
            String heap = Processes.run("jcmd", pid, "GC.heap_info").lines().skip(1)
                    .filter(l -> l.contains("total")).map(l -> l.strip().replaceAll(" \\[.*", ""))
                    .collect(Collectors.joining(", "));
            return "request senders (" + threads.size() + "): " + threads + "; heap: " + heap;
        } catch (RuntimeException e) {
            return "(no thread dump: " + e.getMessage() + ")";
        }
    }

    /** Every listening TCP / bound UDP socket of the wallet's process ({@link Sockets#listening}). */
    public List<String> listeningAddresses() {
        return Sockets.listening(pid());
    }

    private String participantPath(Participant participant) {
        return identityApi() + "/v1alpha/participants/" + participant.encodedId();
    }

    private String endpoint(String key) {
        if (endpoints == null) {
            throw new IllegalStateException("The IdentityHub in " + dir + " is not started");
        }
        return endpoints.getProperty(key);
    }

    static String encode(String participantId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(participantId.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(String apiKey, String method, String url, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (apiKey != null) {
            b.header("x-api-key", apiKey);
        }
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

    private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("IdentityHub answered " + response.statusCode() + " (expected " + status + ") to "
                    + response.request().method() + " " + response.request().uri() + ": " + response.body());
        }
        return response;
    }

    private static JsonObject json(HttpResponse<String> response) {
        try (JsonReader r = Json.createReader(new StringReader(response.body()))) {
            return r.readObject();
        }
    }

    private static JsonArray array(HttpResponse<String> response) {
        try (JsonReader r = Json.createReader(new StringReader(response.body()))) {
            return r.readArray();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String script() {
        return Config.scripts().resolve("identityhub.sh").toString();
    }
}
