package com.kaphera.cloud.audit.chain;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * A signed statement "the chain of {@code organisation} had {@code hash} at {@code sequence}": a compact
 * JWS (RFC 7515, {@code alg EdDSA}, Ed25519) whose payload is the RFC 8785 form of
 * {@code {organisation, sequence, hash, signedAt}}. Kept beside the entries and exported with them, so
 * an auditor can check that the log was not rewritten after the checkpoint, even by someone who can
 * recompute every hash.
 */
public record Checkpoint(String organisation, long sequence, String hash, String signedAt, String keyId, String jws) {
    public static final String TYPE = "kaphera-audit-checkpoint";

    public static Checkpoint sign(String organisation, long sequence, String hash, String signedAt, PrivateKey key,
            String keyId) {
        JsonObject header = Json.createObjectBuilder().add("alg", "EdDSA").add("kid", keyId).add("typ", TYPE).build();
        String signingInput = b64(Canonical.bytes(header)) + "." + b64(Canonical.bytes(payload(organisation, sequence,
                hash, signedAt)));
        try {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initSign(key);
            ed.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return new Checkpoint(organisation, sequence, hash, signedAt, keyId, signingInput + "." + b64(ed.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign an audit checkpoint", e);
        }
    }

    /**
     * Why this checkpoint cannot be trusted, or null when its signature is good and its payload says
     * what its fields say.
     */
    public String problem(SigningKeys keys) {
        String[] parts = jws.split("\\.", -1);
        if (parts.length != 3) {
            return "not a compact JWS";
        }
        JsonObject header;
        JsonObject payload;
        try {
            header = parse(parts[0]);
            payload = parse(parts[1]);
        } catch (RuntimeException e) {
            return "unreadable JWS: " + e.getMessage();
        }
        if (!"EdDSA".equals(header.getString("alg", null)) || !TYPE.equals(header.getString("typ", null))) {
            return "unexpected JWS header " + header;
        }
        String kid = header.getString("kid", "");
        PublicKey key = keys.find(kid).orElse(null);
        if (key == null) {
            return "signed with key '" + kid + "', which is not in the key set";
        }
        try {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initVerify(key);
            ed.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!ed.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return "signature does not verify with key '" + kid + "'";
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return "signature does not verify: " + e.getMessage();
        }
        if (!payload.equals(payload(organisation, sequence, hash, signedAt)) || !kid.equals(keyId)) {
            return "signed payload " + payload + " differs from the checkpoint's fields";
        }
        return null;
    }

    public JsonObject toJson() {
        return Json.createObjectBuilder().add("organisation", organisation).add("sequence", sequence).add("hash", hash)
                .add("signedAt", signedAt).add("keyId", keyId).add("jws", jws).build();
    }

    public static Checkpoint fromJson(JsonObject o) {
        return new Checkpoint(o.getString("organisation"), o.getJsonNumber("sequence").longValueExact(),
                o.getString("hash"), o.getString("signedAt"), o.getString("keyId"), o.getString("jws"));
    }

    private static JsonObject payload(String organisation, long sequence, String hash, String signedAt) {
        return Json.createObjectBuilder().add("organisation", organisation).add("sequence", sequence).add("hash", hash)
                .add("signedAt", signedAt).build();
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static JsonObject parse(String part) {
        try (JsonReader r = Json.createReader(new StringReader(
                new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8)))) {
            return r.readObject();
        }
    }
}
