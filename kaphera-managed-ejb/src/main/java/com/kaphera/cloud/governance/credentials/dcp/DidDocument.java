package com.kaphera.cloud.governance.credentials.dcp;

import com.nimbusds.jose.jwk.JWK;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A DID document as far as DCP needs it: the verification methods that carry a public JWK, and the service endpoints.
 * {@link #parse(JsonObject)} reads one that was resolved (a holder's, another issuer's, our own);
 * {@link #issuer(String, List, URI)} builds the document our issuer DIDs serve.
 * <p>
 * Verification methods without {@code publicKeyJwk} (e.g. {@code publicKeyMultibase}) are left out: nothing here can
 * verify a JOSE signature with them. Any private member a published JWK carries is dropped on reading.
 */
public final class DidDocument {
    /** The DID core context. */
    public static final String DID_CONTEXT = "https://www.w3.org/ns/did/v1";
    /** The context defining JsonWebKey2020, the verification method type EDC reads. */
    public static final String JWS_2020_CONTEXT = "https://w3id.org/security/suites/jws-2020/v1";
    public static final String JSON_WEB_KEY_2020 = "JsonWebKey2020";
    /** The service type EDC's IdentityHub looks up to find where to send a CredentialRequestMessage. */
    public static final String ISSUER_SERVICE = "IssuerService";
    /** The service type of a holder's wallet (DCP Storage and Presentation APIs). */
    public static final String CREDENTIAL_SERVICE = "CredentialService";

    private final String id;
    private final List<VerificationMethod> verificationMethods;
    private final List<Service> services;

    /**
     * A verification method with a public JWK.
     *
     * @param id           absolute ({@code did#fragment}) even when the document wrote it relative ({@code #fragment})
     * @param type         e.g. {@code JsonWebKey2020}
     * @param controller   the controlling DID, or null if the document named none
     * @param publicKeyJwk the public key (public members only)
     */
    public record VerificationMethod(String id, String type, String controller, JWK publicKeyJwk) {
    }

    /**
     * A service entry whose {@code serviceEndpoint} is a single URL.
     *
     * @param id              the service id as written
     * @param types           its type(s)
     * @param serviceEndpoint the endpoint URL
     */
    public record Service(String id, List<String> types, URI serviceEndpoint) {
    }

    private DidDocument(String id, List<VerificationMethod> verificationMethods, List<Service> services) {
        this.id = id;
        this.verificationMethods = List.copyOf(verificationMethods);
        this.services = List.copyOf(services);
    }

    /**
     * Reads a DID document.
     *
     * @throws InvalidDidDocumentException if it has no string {@code id} or two verification methods share an id
     */
    public static DidDocument parse(JsonObject document) {
        String id = JsonValues.string(document, "id")
                .orElseThrow(() -> new InvalidDidDocumentException("The DID document has no 'id'."));
        List<VerificationMethod> methods = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonObject method : JsonValues.objects(document.get("verificationMethod"))) {
            Optional<String> methodId = JsonValues.string(method, "id");
            if (methodId.isEmpty()) {
                continue;
            }
            String absoluteId = methodId.get().startsWith("#") ? id + methodId.get() : methodId.get();
            if (!seen.add(absoluteId)) {
                // EDC refuses such documents too ("Every verification method must have a unique ID")
                throw new InvalidDidDocumentException("The DID document of " + Untrusted.quote(id)
                        + " has two verification methods with the id " + Untrusted.quote(absoluteId) + ".");
            }
            publicJwk(method.get("publicKeyJwk")).ifPresent(jwk -> methods.add(new VerificationMethod(absoluteId,
                    JsonValues.string(method, "type").orElse(null), JsonValues.string(method, "controller").orElse(null), jwk)));
        }
        List<Service> services = new ArrayList<>();
        for (JsonObject service : JsonValues.objects(document.get("service"))) {
            Optional<URI> endpoint = JsonValues.string(service, "serviceEndpoint").flatMap(DidDocument::uri);
            endpoint.ifPresent(url -> services.add(new Service(JsonValues.string(service, "id").orElse(null),
                    JsonValues.strings(service.get("type")), url)));
        }
        return new DidDocument(id, methods, services);
    }

    /**
     * The document an issuer DID serves: the DID core and JWS 2020 contexts, one {@code JsonWebKey2020} verification
     * method per published key (public JWK only), each referenced from {@code assertionMethod} (it signs credentials)
     * and {@code authentication} (it signs the self-issued tokens sent to wallets), and one {@code IssuerService}
     * entry, where EDC's IdentityHub posts {@code <serviceEndpoint>/credentials}.
     *
     * @param did                    the issuer DID
     * @param keys                   the keys to publish: the current one and the rotated ones still in their overlap
     * @param issuerServiceEndpoint  the DCP issuer service base URL
     * @throws IllegalArgumentException if there is no key, a key belongs to another DID, or two keys share an id
     */
    public static JsonObject issuer(String did, List<PublishedKey> keys, URI issuerServiceEndpoint) {
        DidWeb.parse(did);
        Objects.requireNonNull(issuerServiceEndpoint, "issuerServiceEndpoint");
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException("An issuer DID document needs at least one key.");
        }
        JsonArrayBuilder methods = Json.createArrayBuilder();
        JsonArrayBuilder references = Json.createArrayBuilder();
        Set<String> ids = new HashSet<>();
        for (PublishedKey key : keys) {
            if (!key.did().equals(did)) {
                throw new IllegalArgumentException("The key " + key.id() + " belongs to another DID than " + did + ".");
            }
            if (!ids.add(key.id())) {
                throw new IllegalArgumentException("The key id " + key.id() + " is published twice.");
            }
            methods.add(Json.createObjectBuilder()
                    .add("id", key.id())
                    .add("type", JSON_WEB_KEY_2020)
                    .add("controller", did)
                    .add("publicKeyJwk", JsonValues.parseObject(key.publicJwkJson()).orElseThrow()));
            references.add(key.id());
        }
        JsonArray referenced = references.build();
        return Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add(DID_CONTEXT).add(JWS_2020_CONTEXT))
                .add("id", did)
                .add("verificationMethod", methods)
                .add("assertionMethod", referenced)
                .add("authentication", referenced)
                .add("service", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("id", did + "#issuer-service")
                        .add("type", ISSUER_SERVICE)
                        .add("serviceEndpoint", issuerServiceEndpoint.toString())))
                .build();
    }

    /** The DID this document describes. */
    public String id() {
        return id;
    }

    public List<VerificationMethod> verificationMethods() {
        return verificationMethods;
    }

    public List<Service> services() {
        return services;
    }

    /**
     * The verification method a JOSE {@code kid} names: a full DID URL ({@code did#fragment}, which must be this
     * document's DID), a relative one ({@code #fragment}) or a bare fragment.
     */
    public Optional<VerificationMethod> key(String kid) {
        if (kid == null || kid.isEmpty()) {
            return Optional.empty();
        }
        String absolute;
        if (kid.startsWith("#")) {
            absolute = id + kid;
        } else if (kid.contains("#")) {
            if (!kid.startsWith(id + "#")) {
                return Optional.empty();
            }
            absolute = kid;
        } else {
            absolute = id + "#" + kid;
        }
        return verificationMethods.stream().filter(m -> m.id().equals(absolute)).findFirst();
    }

    /** The endpoint of the first service of the given type (compared ignoring case, as EDC does). */
    public Optional<URI> serviceEndpoint(String type) {
        return services.stream()
                .filter(s -> s.types().stream().anyMatch(t -> t.equalsIgnoreCase(type)))
                .map(Service::serviceEndpoint)
                .findFirst();
    }

    private static Optional<JWK> publicJwk(JsonValue value) {
        if (!(value instanceof JsonObject jwk)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JWK.parse(jwk.toString()).toPublicJWK());
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<URI> uri(String text) {
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
