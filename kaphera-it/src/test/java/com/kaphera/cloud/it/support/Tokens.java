package com.kaphera.cloud.it.support;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs tokens the way an OIDC provider would, and forges the ones an attacker would. The server
 * under test trusts only {@link #publicKeyPem()} (written to a file and given to it as
 * MP_JWT_VERIFY_PUBLICKEY_LOCATION).
 */
public final class Tokens {
    public static final String ISSUER = "https://id.kaphera.test/realms/pilot";
    public static final String AUDIENCE = "kaphera-api";

    private final KeyPair trusted = generate();
    private final KeyPair untrusted = generate();
    private final Path publicKeyFile;

    Tokens(Path dir) {
        try {
            Files.createDirectories(dir);
            publicKeyFile = dir.resolve("public.pem");
            Files.writeString(publicKeyFile, publicKeyPem());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path publicKeyFile() {
        return publicKeyFile;
    }

    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(trusted.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A valid token for {@code subject} with these Keycloak group paths. */
    public String forGroups(String subject, String... groups) {
        return builder(subject, groups).sign();
    }

    public String platformAdmin() {
        return forGroups("platform-admin", "/platform/admin");
    }

    public Builder builder(String subject, String... groups) {
        return new Builder(subject, List.of(groups));
    }

    public final class Builder {
        private final String subject;
        private final List<String> groups;
        private String issuer = ISSUER;
        private String audience = AUDIENCE;
        private long expiresInSeconds = 600;

        private Builder(String subject, List<String> groups) {
            this.subject = subject;
            this.groups = groups;
        }

        public Builder issuer(String value) {
            issuer = value;
            return this;
        }

        public Builder audience(String value) {
            audience = value;
            return this;
        }

        public Builder expiresInSeconds(long value) {
            expiresInSeconds = value;
            return this;
        }

        /** No {@code exp} claim at all: a token that would never expire. */
        public Builder withoutExpiry() {
            expiresInSeconds = Long.MIN_VALUE;
            return this;
        }

        public String sign() {
            return rs256(trusted.getPrivate());
        }

        public String signWithUntrustedKey() {
            return rs256(untrusted.getPrivate());
        }

        public String unsigned() {
            return b64(header("none")) + "." + b64(payload()) + ".";
        }

        /** The classic key-confusion attack: HMAC with the server's public key as the secret. */
        public String hs256WithPublicKey() {
            try {
                String input = b64(header("HS256")) + "." + b64(payload());
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(publicKeyPem().getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
                return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private String rs256(PrivateKey key) {
            try {
                String input = b64(header("RS256")) + "." + b64(payload());
                java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
                s.initSign(key);
                s.update(input.getBytes(StandardCharsets.US_ASCII));
                return input + "." + b64(s.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private byte[] header(String alg) {
            return Json.createObjectBuilder().add("alg", alg).add("typ", "JWT").build().toString()
                    .getBytes(StandardCharsets.UTF_8);
        }

        private byte[] payload() {
            long now = System.currentTimeMillis() / 1000;
            JsonArrayBuilder g = Json.createArrayBuilder();
            groups.forEach(g::add);
            JsonObjectBuilder p = Json.createObjectBuilder()
                    .add("iss", issuer).add("aud", audience).add("sub", subject).add("upn", subject)
                    .add("preferred_username", subject).add("email", subject + "@pilot.example")
                    .add("iat", now - 5).add("jti", UUID.randomUUID().toString())
                    .add("groups", g);
            if (expiresInSeconds != Long.MIN_VALUE) {
                p.add("exp", now + expiresInSeconds);
            }
            return p.build().toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
