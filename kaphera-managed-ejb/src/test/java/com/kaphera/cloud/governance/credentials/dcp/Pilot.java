package com.kaphera.cloud.governance.credentials.dcp;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.util.Base64URL;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The automotive pilot dataspace as the DCP tests see it: our issuer DID for the dataspace, participants' wallets
 * (did:web DIDs served by their IdentityHubs), and a DID "internet" the tests publish documents into.
 */
final class Pilot {
    static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final String ISSUER = "did:web:127.0.0.1%3A9080:issuers:automotive";
    static final String OEM = "did:web:127.0.0.1%3A7091:bavaria-motors";
    static final String TIER1 = "did:web:127.0.0.1%3A7091:kessler-drivetrain-de";
    static final String LOGISTICS = "did:web:127.0.0.1%3A7091:rheinfracht";
    static final URI ISSUER_SERVICE = URI.create("http://127.0.0.1:9080/api/dcp/issuers/automotive");
    static final URI STATUS_LIST = URI.create("http://127.0.0.1:9080/api/dcp/issuers/automotive/status/1");

    /** Published DID documents; the resolver the tests hand out reads from here. */
    final Map<String, JsonObject> didDocuments = new HashMap<>();

    DidResolver resolver() {
        return did -> {
            JsonObject document = didDocuments.get(did);
            if (document == null) {
                throw new DidResolutionException(DidResolutionException.Reason.NOT_FOUND, "No DID document for " + did);
            }
            return document;
        };
    }

    /** Publishes the issuer's DID document with these keys. */
    void publishIssuer(IssuerKey... keys) {
        didDocuments.put(ISSUER, DidDocument.issuer(ISSUER, java.util.Arrays.stream(keys).map(IssuerKey::published).toList(), ISSUER_SERVICE));
    }

    /** Publishes a holder's DID document the way EDC IdentityHub does (relative ids are allowed there too). */
    void publishHolder(String did, IssuerKey key, boolean relativeId) {
        String id = relativeId ? key.id().substring(key.id().indexOf('#')) : key.id();
        JsonObject jwk = JsonValues.parseObject(key.publicJwk().toJSONString()).orElseThrow();
        didDocuments.put(did, Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add("https://w3id.org/did-resolution/v1"))
                .add("id", did)
                .add("verificationMethod", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("id", id).add("type", "JsonWebKey2020").add("controller", did).add("publicKeyJwk", jwk)))
                .add("service", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("id", did + "#credential-service").add("type", "CredentialService")
                        .add("serviceEndpoint", "http://127.0.0.1:7092/api/credentials/v1/participants/YmF2YXJpYQ")))
                .build());
    }

    /** The claims of the token EDC IdentityHub's STS makes for a credential request (+5 min). */
    static JsonObjectBuilder holderClaims(String holderDid) {
        return Json.createObjectBuilder()
                .add("iss", holderDid).add("sub", holderDid).add("aud", ISSUER)
                .add("iat", NOW.getEpochSecond()).add("nbf", NOW.getEpochSecond()).add("exp", NOW.plusSeconds(300).getEpochSecond())
                .add("jti", "4b1e6a1c-5a55-4bb3-9d33-0a0e2f6c9d11");
    }

    /** Signs any claims with any signer under any header: for tokens our own code would never make. */
    static String sign(JWSSigner signer, JWSHeader header, JsonObject claims) {
        JWSObject jws = new JWSObject(header, new Payload(claims.toString()));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize();
    }

    static JWSHeader es256(String kid) {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build();
    }

    /** An unsigned token ({@code alg: none}). */
    static String unsigned(String kid, JsonObject claims) {
        String header = Json.createObjectBuilder().add("alg", "none").add("kid", kid).build().toString();
        return b64(header) + "." + b64(claims.toString()) + ".";
    }

    static String b64(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String decodePart(String jwt, int part) {
        return new String(new Base64URL(jwt.split("\\.")[part]).decode(), StandardCharsets.UTF_8);
    }

    static JsonObject payload(String jwt) {
        return JsonValues.parseObject(decodePart(jwt, 1)).orElseThrow();
    }

    static JsonObject header(String jwt) {
        return JsonValues.parseObject(decodePart(jwt, 0)).orElseThrow();
    }

    static CredentialDraft membership(String holderDid, StatusEntry status) {
        return new CredentialDraft(CredentialDraft.newId(), List.of("MembershipCredential"), holderDid,
                Json.createObjectBuilder().add("membership", Json.createObjectBuilder()
                        .add("dataspace", "automotive").add("role", "participant").add("since", "2026-11-20")).build(),
                NOW.minusSeconds(3600), NOW.plusSeconds(365L * 24 * 3600), status);
    }

    Pilot() {
    }

    static Pilot withIssuer(IssuerKey... keys) {
        Pilot pilot = new Pilot();
        pilot.publishIssuer(keys);
        return pilot;
    }
}
