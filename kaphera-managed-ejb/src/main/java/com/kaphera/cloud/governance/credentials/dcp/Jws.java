package com.kaphera.cloud.governance.credentials.dcp;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Optional;

/**
 * A compact JWS as this package reads it: header and payload parsed with JSON-P from the exact bytes that are signed,
 * the signature checked by nimbus. Only ES256 is signed or verified here.
 */
final class Jws {
    /** Tokens and credentials larger than this are refused before any decoding. */
    static final int MAX_LENGTH = 64 * 1024;

    private final String compact;
    private final JsonObject header;
    private final JsonObject claims;

    private Jws(String compact, JsonObject header, JsonObject claims) {
        this.compact = compact;
        this.header = header;
        this.claims = claims;
    }

    /** Why a string could not be read as a JWS with a JSON object payload. */
    static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message, null, false, false);
        }
    }

    static Jws parse(String compact) throws FormatException {
        if (compact == null || compact.isEmpty()) {
            throw new FormatException("No token was given.");
        }
        if (compact.length() > MAX_LENGTH) {
            throw new FormatException("The token is longer than " + MAX_LENGTH + " characters.");
        }
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            throw new FormatException("The token is not a compact JWS (three base64url parts separated by dots).");
        }
        JsonObject header = decodeObject(parts[0]).orElseThrow(() -> new FormatException("The token's header is not a base64url JSON object."));
        JsonObject claims = decodeObject(parts[1]).orElseThrow(() -> new FormatException("The token's payload is not a base64url JSON object."));
        return new Jws(compact, header, claims);
    }

    /** Signs {@code claims} with ES256 under the key's full id as {@code kid}. */
    static String sign(IssuerKey key, JsonObject claims) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.id()).type(JOSEObjectType.JWT).build();
        JWSObject jws = new JWSObject(header, new Payload(claims.toString()));
        try {
            jws.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("ES256 signing failed", e);
        }
        return jws.serialize();
    }

    /** The {@code alg} header, or null. */
    String algorithm() {
        return JsonValues.string(header, "alg").orElse(null);
    }

    /** The {@code kid} header, or null. */
    String keyId() {
        return JsonValues.string(header, "kid").orElse(null);
    }

    JsonObject claims() {
        return claims;
    }

    /**
     * Whether the ES256 signature verifies with {@code key}. False as well when the key is not an EC P-256 public key
     * or the header is not one nimbus accepts; call only after checking {@link #algorithm()} is ES256.
     */
    boolean verifiedBy(JWK key) {
        if (!(key instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
            return false;
        }
        try {
            JWSObject jws = JWSObject.parse(compact);
            return JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm()) && jws.verify(new ECDSAVerifier(ec.toPublicJWK()));
        } catch (ParseException | JOSEException e) {
            return false;
        }
    }

    /** A NumericDate claim (seconds since the epoch; fractions are dropped), empty if absent; a non-number is malformed. */
    Optional<Instant> time(String name) throws FormatException {
        JsonValue value = claims.get(name);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonNumber number)) {
            throw new FormatException("The '" + name + "' claim is not a number of seconds.");
        }
        return Optional.of(Instant.ofEpochSecond(number.longValue()));
    }

    private static Optional<JsonObject> decodeObject(String part) {
        if (part.isEmpty()) {
            return Optional.empty();
        }
        String json;
        try {
            json = new String(new Base64URL(part).decode(), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return JsonValues.parseObject(json);
    }
}
