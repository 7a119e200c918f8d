package com.kaphera.cloud.governance.credentials.dcp;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The DCP 1.0 issuance messages our issuer reads and writes.
 * <ul>
 * <li>{@link #parseCredentialRequest} reads a {@code CredentialRequestMessage} in the expanded JSON-LD form EDC
 * IdentityHub 0.15 sends (no {@code @context}; {@code @type} and members as full IRIs; {@code credentials} a
 * {@code @json} literal of {@code [{id}]}) and in the compact form with the {@code dcp.jsonld} context.</li>
 * <li>{@link #credentialMessage} builds the {@code CredentialMessage} delivered to the holder's Storage API.</li>
 * <li>{@link #issuerMetadata} and {@link #credentialStatus} build the answers of {@code GET <issuer>/metadata} and
 * {@code GET <issuer>/requests/{issuerPid}} (EDC 0.15's holder reads neither; other wallets may).</li>
 * </ul>
 */
public final class DcpMessages {
    /** The DCP 1.0 JSON-LD context; EDC resolves it from a local copy. */
    public static final String DCP_CONTEXT = "https://w3id.org/dspace-dcp/v1.0/dcp.jsonld";
    /** The DCP 1.0 vocabulary, the prefix of expanded terms. */
    public static final String DCP_NAMESPACE = "https://w3id.org/dspace-dcp/v1.0/";
    /** The DCP profile EDC 0.15 associates with the {@code VC1_0_JWT} format. */
    public static final String PROFILE_VC11_JWT = "vc11-sl2021/jwt";
    /** At most this many credentials in one request. */
    public static final int MAX_REQUESTED = 32;
    private static final int MAX_TEXT = 256;

    private DcpMessages() {
    }

    /**
     * What a holder asked for.
     *
     * @param holderPid   the holder's process id, echoed in the CredentialMessage
     * @param credentials the requested credentials, in order
     */
    public record CredentialRequest(String holderPid, List<RequestedCredential> credentials) {
        public CredentialRequest {
            credentials = List.copyOf(credentials);
        }
    }

    /**
     * One requested credential: by credential object id (DCP 1.0, what EDC sends), or by type and format (older
     * drafts and some wallets). Either {@code id} or {@code credentialType} is present.
     *
     * @param id             the credential object id from our issuer metadata, or null
     * @param credentialType the credential type, or null
     * @param format         the format (e.g. {@code VC1_0_JWT}), or null
     */
    public record RequestedCredential(String id, String credentialType, String format) {
    }

    /**
     * One credential in a CredentialMessage.
     *
     * @param credentialType the type the holder asked for (EDC's wallet only stores a credential whose {@code type}
     *                       list contains it)
     * @param format         {@code VC1_0_JWT}
     * @param payload        the VC-JWT
     */
    public record IssuedCredential(String credentialType, String format, String payload) {
        public IssuedCredential {
            Objects.requireNonNull(credentialType, "credentialType");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(payload, "payload");
        }

        /** A VC 1.1 JWT credential of {@code credentialType}. */
        public static IssuedCredential vc11Jwt(String credentialType, String vcJwt) {
            return new IssuedCredential(credentialType, VerifiableCredentials.FORMAT, vcJwt);
        }
    }

    /**
     * A credential the issuer offers, as listed in its metadata ({@code CredentialObject}).
     *
     * @param id             the credential object id holders put in their requests
     * @param credentialType e.g. {@code MembershipCredential}
     * @param offerReason    why it is offered, or null
     * @param bindingMethods how the subject is bound, e.g. {@code did:web}
     * @param profile        the DCP profile
     */
    public record CredentialObject(String id, String credentialType, String offerReason, List<String> bindingMethods, String profile) {
        public CredentialObject {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(credentialType, "credentialType");
            Objects.requireNonNull(profile, "profile");
            bindingMethods = List.copyOf(bindingMethods);
        }

        /** A VC 1.1 JWT credential bound to a did:web subject, as EDC's own issuer lists them. */
        public static CredentialObject vc11Jwt(String id, String credentialType) {
            return new CredentialObject(id, credentialType, null, List.of("did:web"), PROFILE_VC11_JWT);
        }
    }

    /** The state of an issuance as DCP reports it. */
    public enum RequestStatus { RECEIVED, ISSUED, REJECTED }

    /**
     * Reads a CredentialRequestMessage.
     *
     * @throws InvalidDcpMessageException if it is not one, or breaks a limit (at most {@value #MAX_REQUESTED}
     *                                    credentials, identifiers of at most 256 printable characters)
     */
    public static CredentialRequest parseCredentialRequest(JsonObject message) {
        if (message == null) {
            throw new InvalidDcpMessageException("The request has no body.");
        }
        if (JsonValues.strings(message.get("@type")).contains(DCP_NAMESPACE + "CredentialRequestMessage")) {
            return expanded(message);
        }
        if (message.containsKey("@context")) {
            if (!JsonValues.strings(message.get("@context")).contains(DCP_CONTEXT)) {
                throw new InvalidDcpMessageException("The message's @context does not include " + DCP_CONTEXT + ".");
            }
            if (!"CredentialRequestMessage".equals(JsonValues.string(message, "type").orElse(null))) {
                throw new InvalidDcpMessageException("The message is not a CredentialRequestMessage (type "
                        + Untrusted.quote(JsonValues.string(message, "type").orElse(null)) + ").");
            }
            return compact(message);
        }
        throw new InvalidDcpMessageException("The message is not a DCP CredentialRequestMessage: it has neither the expanded @type "
                + DCP_NAMESPACE + "CredentialRequestMessage nor the DCP @context.");
    }

    /**
     * The CredentialMessage that delivers issued credentials to a holder ({@code status} ISSUED), in the compact
     * form EDC IdentityHub 0.15's Storage API accepts.
     */
    public static JsonObject credentialMessage(String issuerPid, String holderPid, List<IssuedCredential> credentials) {
        if (credentials == null || credentials.isEmpty()) {
            throw new IllegalArgumentException("A CredentialMessage delivers at least one credential.");
        }
        JsonArrayBuilder containers = Json.createArrayBuilder();
        for (IssuedCredential credential : credentials) {
            containers.add(Json.createObjectBuilder()
                    .add("credentialType", credential.credentialType())
                    .add("format", credential.format())
                    .add("payload", credential.payload()));
        }
        return message("CredentialMessage")
                .add("issuerPid", Objects.requireNonNull(issuerPid, "issuerPid"))
                .add("holderPid", Objects.requireNonNull(holderPid, "holderPid"))
                .add("status", RequestStatus.ISSUED.name())
                .add("credentials", containers)
                .build();
    }

    /** The issuer metadata ({@code IssuerMetadata}): the issuer DID and the credentials it offers. */
    public static JsonObject issuerMetadata(String issuerDid, List<CredentialObject> credentialsSupported) {
        DidWeb.parse(issuerDid);
        JsonArrayBuilder supported = Json.createArrayBuilder();
        for (CredentialObject offered : credentialsSupported) {
            JsonObjectBuilder object = Json.createObjectBuilder()
                    .add("id", offered.id())
                    .add("type", "CredentialObject")
                    .add("credentialType", offered.credentialType());
            if (offered.offerReason() != null) {
                object.add("offerReason", offered.offerReason());
            }
            object.add("bindingMethods", JsonValues.array(offered.bindingMethods()))
                    .add("profile", offered.profile());
            supported.add(object);
        }
        return message("IssuerMetadata")
                .add("issuer", issuerDid)
                .add("credentialsSupported", supported)
                .build();
    }

    /** The answer to a holder polling its request ({@code CredentialStatus}). */
    public static JsonObject credentialStatus(String issuerPid, String holderPid, RequestStatus status) {
        return message("CredentialStatus")
                .add("issuerPid", Objects.requireNonNull(issuerPid, "issuerPid"))
                .add("holderPid", Objects.requireNonNull(holderPid, "holderPid"))
                .add("status", Objects.requireNonNull(status, "status").name())
                .build();
    }

    private static JsonObjectBuilder message(String type) {
        return Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add(DCP_CONTEXT))
                .add("type", type);
    }

    private static CredentialRequest expanded(JsonObject message) {
        String holderPid = expandedValue(message.get(DCP_NAMESPACE + "holderPid"))
                .orElseThrow(() -> new InvalidDcpMessageException("The request has no holderPid."));
        JsonValue credentials = message.get(DCP_NAMESPACE + "credentials");
        List<JsonObject> literals = JsonValues.objects(credentials);
        if (literals.size() != 1 || !(literals.get(0).get("@value") instanceof JsonArray requested)) {
            throw new InvalidDcpMessageException("The request's credentials are not a JSON literal holding an array.");
        }
        return request(holderPid, requested);
    }

    private static CredentialRequest compact(JsonObject message) {
        String holderPid = JsonValues.string(message, "holderPid")
                .orElseThrow(() -> new InvalidDcpMessageException("The request has no holderPid."));
        if (!(message.get("credentials") instanceof JsonArray requested)) {
            throw new InvalidDcpMessageException("The request's credentials are not an array.");
        }
        return request(holderPid, requested);
    }

    private static CredentialRequest request(String holderPid, JsonArray requested) {
        text("holderPid", holderPid);
        if (requested.isEmpty() || requested.size() > MAX_REQUESTED) {
            throw new InvalidDcpMessageException("A request asks for 1 to " + MAX_REQUESTED + " credentials, not " + requested.size() + ".");
        }
        List<RequestedCredential> credentials = new ArrayList<>();
        for (JsonValue item : requested) {
            if (!(item instanceof JsonObject entry)) {
                throw new InvalidDcpMessageException("Each requested credential is an object.");
            }
            String id = optionalText(entry, "id");
            String type = optionalText(entry, "credentialType");
            String format = optionalText(entry, "format");
            if (id == null && type == null) {
                throw new InvalidDcpMessageException("Each requested credential names a credential object ('id') or a 'credentialType'.");
            }
            credentials.add(new RequestedCredential(id, type, format));
        }
        return new CredentialRequest(holderPid, credentials);
    }

    /** {@code {"@id": x}}, {@code {"@value": x}}, either in a one-element array, or a plain string. */
    private static Optional<String> expandedValue(JsonValue value) {
        if (value instanceof JsonString s) {
            return Optional.of(s.getString());
        }
        List<JsonObject> objects = JsonValues.objects(value);
        if (objects.size() != 1) {
            return Optional.empty();
        }
        return JsonValues.string(objects.get(0), "@id").or(() -> JsonValues.string(objects.get(0), "@value"));
    }

    private static String optionalText(JsonObject entry, String name) {
        JsonValue value = entry.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString s)) {
            throw new InvalidDcpMessageException("A requested credential's '" + name + "' is not a string.");
        }
        return text(name, s.getString());
    }

    private static String text(String name, String value) {
        if (value.isEmpty() || value.length() > MAX_TEXT || !Untrusted.isPrintable(value)) {
            throw new InvalidDcpMessageException("The '" + name + "' must be 1 to " + MAX_TEXT + " printable characters.");
        }
        return value;
    }
}
