package com.kaphera.cloud.audit.chain;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Ed25519 public keys as a JWK set (RFC 8037: {@code kty OKP, crv Ed25519, x}), keyed by a key id
 * derived from the key itself, so that a checkpoint names the key that signed it and every key ever
 * used stays in the published set after rotation.
 */
public final class SigningKeys {
    /** The fixed DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
    private static final byte[] X509_PREFIX = java.util.HexFormat.of().parseHex("302a300506032b6570032100");

    private final Map<String, PublicKey> keys = new LinkedHashMap<>();

    public SigningKeys add(PublicKey key) {
        keys.put(keyId(key), key);
        return this;
    }

    public Optional<PublicKey> find(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    public int size() {
        return keys.size();
    }

    /** {@code base64url(SHA-256(raw public key))}, first 16 characters. */
    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw(key));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonObject jwk(PublicKey key) {
        return Json.createObjectBuilder().add("kty", "OKP").add("crv", "Ed25519").add("use", "sig").add("alg", "EdDSA")
                .add("kid", keyId(key)).add("x", Base64.getUrlEncoder().withoutPadding().encodeToString(raw(key)))
                .build();
    }

    public JsonObject toJwks() {
        JsonArrayBuilder array = Json.createArrayBuilder();
        keys.values().forEach(k -> array.add(jwk(k)));
        return Json.createObjectBuilder().add("keys", array).build();
    }

    public static SigningKeys fromJwks(JsonObject jwks) {
        SigningKeys set = new SigningKeys();
        for (JsonObject jwk : jwks.getJsonArray("keys").getValuesAs(JsonObject.class)) {
            if (!"OKP".equals(jwk.getString("kty", null)) || !"Ed25519".equals(jwk.getString("crv", null))) {
                continue; // not ours to check
            }
            PublicKey key = publicKey(Base64.getUrlDecoder().decode(jwk.getString("x")));
            String claimed = jwk.getString("kid", null);
            if (claimed != null && !claimed.equals(keyId(key))) {
                throw new IllegalArgumentException("Key id " + claimed + " does not match its key");
            }
            set.add(key);
        }
        return set;
    }

    public static PublicKey publicKey(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("An Ed25519 public key has 32 bytes, not " + raw.length);
        }
        byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + 32);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an Ed25519 public key", e);
        }
    }

    static byte[] raw(PublicKey key) {
        byte[] der = key.getEncoded();
        if (der.length != X509_PREFIX.length + 32
                || !Arrays.equals(Arrays.copyOf(der, X509_PREFIX.length), X509_PREFIX)) {
            throw new IllegalArgumentException("Not an Ed25519 public key: " + key.getAlgorithm());
        }
        return Arrays.copyOfRange(der, X509_PREFIX.length, der.length);
    }
}
