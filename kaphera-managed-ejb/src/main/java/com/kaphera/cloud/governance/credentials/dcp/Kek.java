package com.kaphera.cloud.governance.credentials.dcp;

import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key-encryption key (KEK) that seals issuer private keys at rest: 256 bits, for JWE {@code dir} +
 * {@code A256GCM}. It comes from configuration (never the database it protects). Its {@link #fingerprint} is written
 * into each sealed key's header so that, during a KEK rotation, the server can tell which KEK sealed which key.
 */
public final class Kek {
    private static final int BYTES = 32;

    private Kek() {
    }

    /**
     * Reads a KEK from base64 (standard or URL-safe alphabet, padding optional).
     *
     * @throws IllegalArgumentException if it is not base64 or not 256 bits long; the message never contains the value
     */
    public static SecretKey fromBase64(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            throw new IllegalArgumentException("No key-encryption key was configured.");
        }
        String trimmed = encoded.strip();
        byte[] bytes;
        try {
            bytes = trimmed.contains("-") || trimmed.contains("_")
                    ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The key-encryption key is not valid base64.");
        }
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("The key-encryption key must be 256 bits (32 bytes once base64-decoded); "
                    + "the configured one is " + bytes.length + " bytes. Generate one with: openssl rand -base64 32");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** A new random KEK (for tests and first-time setup). */
    public static SecretKey generate() {
        byte[] bytes = new byte[BYTES];
        new SecureRandom().nextBytes(bytes);
        return new SecretKeySpec(bytes, "AES");
    }

    /**
     * A short public name for a KEK: the first 12 bytes of SHA-256 over a fixed label and the key, base64url. It
     * identifies the key without revealing anything usable about it (the key is 256 random bits).
     */
    public static String fingerprint(SecretKey kek) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("kaphera-kek-fingerprint:".getBytes(StandardCharsets.US_ASCII));
            byte[] digest = sha256.digest(kek.getEncoded());
            byte[] prefix = new byte[12];
            System.arraycopy(digest, 0, prefix, 0, prefix.length);
            return Base64URL.encode(prefix).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /**
     * A secret derived from the KEK for {@code purpose} (HMAC-SHA256, base64url): the same purpose always gives the
     * same value, so a secret handed to someone else (e.g. a connector's API key in a Kubernetes Secret) need not be
     * stored to be known again. Changing the KEK changes every derived secret.
     */
    public static String derive(SecretKey kek, String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(kek.getEncoded(), "HmacSHA256"));
            return Base64URL.encode(mac.doFinal(("kaphera-derived:" + purpose).getBytes(StandardCharsets.UTF_8))).toString();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
