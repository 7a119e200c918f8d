package com.kaphera.cloud.audit;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps secret values out of the audit log. A member whose name says it holds a secret (password,
 * secret, token, private key, credentials, API key, client secret...) has every value under it
 * replaced by {@value #REDACTED} — except the fields that only point at a secret ({@code name},
 * {@code key}, {@code namespace} of a {@code secretKeyRef}), which operators need. Names that say
 * "reference" ({@code secretRef}, {@code tlsSecretName}, {@code tokenFile}) are kept whole. The
 * environment-variable shape {@code {"name": "EDC_API_KEY", "value": "..."}} has its value redacted.
 * Errs on the side of redacting.
 */
public final class Redaction {
    public static final String REDACTED = "[redacted]";
    private static final Pattern SENSITIVE = Pattern.compile(
            "pass(word|wd|phrase)?|secret|token|private[-_]?key|credential|api[-_]?key|client[-_]?secret"
                    + "|authorization|cookie|signature|jwk|keystore");
    private static final Pattern REFERENCE = Pattern.compile(".*(ref|refs|name|names|path|file)$");
    /** Inside a secret's subtree, these only say where the secret lives. */
    private static final Set<String> POINTERS = Set.of("name", "key", "namespace", "kind", "type", "optional");

    private Redaction() {
    }

    public static JsonValue redact(JsonValue value) {
        return value == null ? null : redact(value, false);
    }

    /** Whether a member with this name (or a dotted path ending in it) holds a secret value. */
    public static boolean isSecret(String name) {
        String last = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return !REFERENCE.matcher(last).matches() && SENSITIVE.matcher(last).find();
    }

    /** Whether member {@code key} holds a secret, given whether its parent does. */
    static boolean secretBelow(boolean parentSecret, String key) {
        return (parentSecret && !POINTERS.contains(key)) || isSecret(key);
    }

    /** {@code value} redacted as if it sat under a member that holds a secret ({@code secret}) or not. */
    static JsonValue redact(JsonValue value, boolean secret) {
        switch (value.getValueType()) {
            case OBJECT -> {
                JsonObject object = value.asJsonObject();
                boolean envSecret = object.get("name") instanceof JsonString n
                        && SENSITIVE.matcher(n.getString().toLowerCase(Locale.ROOT)).find();
                JsonObjectBuilder b = Json.createObjectBuilder();
                for (Map.Entry<String, JsonValue> member : object.entrySet()) {
                    String key = member.getKey();
                    boolean under = secretBelow(secret, key) || (envSecret && "value".equals(key));
                    b.add(key, redact(member.getValue(), under));
                }
                return b.build();
            }
            case ARRAY -> {
                JsonArrayBuilder b = Json.createArrayBuilder();
                value.asJsonArray().forEach(v -> b.add(redact(v, secret)));
                return b.build();
            }
            case NULL -> {
                return value;
            }
            default -> {
                return secret ? Json.createValue(REDACTED) : value;
            }
        }
    }
}
