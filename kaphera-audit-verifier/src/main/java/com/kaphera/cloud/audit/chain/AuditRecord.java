package com.kaphera.cloud.audit.chain;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

/**
 * One audit entry as the chain sees it: every field that is hashed, plus the link.
 * {@code hash = SHA-256(canonical content ‖ previous hash)}, where the canonical content is the RFC 8785
 * encoding of {@link #content()} (every field below except the two hashes) and the previous hash is
 * the 32 raw bytes of the previous entry's hash (32 zero bytes before the first entry of a chain).
 * Hashes are written as lowercase hex. docs/audit.md describes the same encoding for auditors.
 *
 * @param change the change as JSON text (a diff or the new spec, secrets redacted), or null; carried as
 *               a string so that its exact bytes are hashed whatever numbers it contains
 */
public record AuditRecord(String organisation, long sequence, String occurredAt, Actor actor, String operation,
        String targetKind, String targetId, String outcome, int status, String change, String summary,
        String requestId, String sourceAddress, String previousHash, String hash) {

    /** 32 zero bytes, hex: the previous hash of every chain's first entry. */
    public static final String GENESIS = "0".repeat(64);

    /** Timestamps are hashed in exactly this form: UTC, microseconds (PostgreSQL's precision). */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** Who acted: a person or service account from its token, or the server itself ({@code system}). */
    public record Actor(String subject, String name, String clientId, List<String> roles, boolean system) {
        public Actor {
            roles = List.copyOf(roles);
        }

        JsonObject toJson() {
            JsonArrayBuilder r = Json.createArrayBuilder();
            roles.forEach(r::add);
            return Json.createObjectBuilder().add("subject", subject).add("name", nullable(name))
                    .add("clientId", nullable(clientId)).add("roles", r).add("system", system).build();
        }

        static Actor fromJson(JsonObject o) {
            return new Actor(o.getString("subject"), text(o, "name"), text(o, "clientId"),
                    o.getJsonArray("roles").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList(),
                    o.getBoolean("system"));
        }
    }

    public static String time(Instant instant) {
        return TIME.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    /** This entry, linked after {@code previousHash}: the hash computed now. */
    public AuditRecord linkedAfter(String previousHash) {
        AuditRecord unlinked = new AuditRecord(organisation, sequence, occurredAt, actor, operation, targetKind,
                targetId, outcome, status, change, summary, requestId, sourceAddress, previousHash, null);
        return new AuditRecord(organisation, sequence, occurredAt, actor, operation, targetKind, targetId, outcome,
                status, change, summary, requestId, sourceAddress, previousHash, unlinked.computeHash(previousHash));
    }

    /** The hashed fields, as a JSON object (its RFC 8785 form is what is hashed). */
    public JsonObject content() {
        return Json.createObjectBuilder()
                .add("organisation", organisation)
                .add("sequence", sequence)
                .add("occurredAt", occurredAt)
                .add("actor", actor.toJson())
                .add("operation", operation)
                .add("target", Json.createObjectBuilder().add("kind", targetKind).add("id", nullable(targetId)))
                .add("outcome", outcome)
                .add("status", status)
                .add("change", nullable(change))
                .add("summary", summary)
                .add("requestId", nullable(requestId))
                .add("sourceAddress", nullable(sourceAddress))
                .build();
    }

    /** {@code SHA-256(canonical content ‖ previous)} in hex, for {@code previous} given in hex. */
    public String computeHash(String previous) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Canonical.bytes(content()));
            sha.update(HexFormat.of().parseHex(previous));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The entry as exported and served: content, both hashes. */
    public JsonObject toJson() {
        JsonObjectBuilder b = Json.createObjectBuilder(content());
        return b.add("previousHash", previousHash).add("hash", hash).build();
    }

    public static AuditRecord fromJson(JsonObject o) {
        JsonObject target = o.getJsonObject("target");
        return new AuditRecord(o.getString("organisation"), o.getJsonNumber("sequence").longValueExact(),
                o.getString("occurredAt"), Actor.fromJson(o.getJsonObject("actor")), o.getString("operation"),
                target.getString("kind"), text(target, "id"), o.getString("outcome"), o.getInt("status"),
                text(o, "change"), o.getString("summary"), text(o, "requestId"), text(o, "sourceAddress"),
                o.getString("previousHash"), o.getString("hash"));
    }

    static String text(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s ? s.getString() : null;
    }

    static JsonValue nullable(String s) {
        return s == null ? JsonValue.NULL : Json.createValue(s);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
