package com.kaphera.cloud.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;

/** Looks inside compact JWS tokens the tests receive, and checks ES256 signatures against a JWK. */
public final class Jwt {
    private Jwt() {
    }

    /** The decoded JOSE header (alg, kid, typ). */
    public static JsonObject header(String jwt) {
        return decode(parts(jwt)[0]);
    }

    /** The decoded claims, not verified. */
    public static JsonObject payload(String jwt) {
        return decode(parts(jwt)[1]);
    }

    /**
     * Whether {@code jwt} is an ES256 JWS whose signature verifies with the P-256 public key {@code jwk}
     * (kty EC, crv P-256, x, y), e.g. a verification method's {@code publicKeyJwk} from a DID document.
     */
    public static boolean verifiesEs256(String jwt, JsonObject jwk) {
        if (!"ES256".equals(header(jwt).getString("alg", null))) {
            return false;
        }
        String[] parts = parts(jwt);
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(p256(jwk));
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static PublicKey p256(JsonObject jwk) throws GeneralSecurityException {
        if (!"EC".equals(jwk.getString("kty", null)) || !"P-256".equals(jwk.getString("crv", null))) {
            throw new GeneralSecurityException("not a P-256 JWK: " + jwk);
        }
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECPoint point = new ECPoint(unsigned(jwk.getString("x")), unsigned(jwk.getString("y")));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, parameters.getParameterSpec(ECParameterSpec.class)));
    }

    private static BigInteger unsigned(String base64url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(base64url));
    }

    private static String[] parts(String jwt) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS (" + parts.length + " parts)");
        }
        return parts;
    }

    private static JsonObject decode(String part) {
        try (JsonReader r = Json.createReader(new StringReader(
                new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8)))) {
            return r.readObject();
        }
    }
}
