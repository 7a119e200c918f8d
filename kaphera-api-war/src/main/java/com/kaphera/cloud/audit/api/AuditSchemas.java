package com.kaphera.cloud.audit.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The shapes of the audit log's answers, for the API description: the answers themselves are built
 * by the chain's own JSON form ({@code AuditRecord.toJson}), which is also what the export and the
 * offline verifier read, so there is one encoding of an entry.
 */
public final class AuditSchemas {
    private AuditSchemas() {
    }

    @Schema(name = "AuditActor")
    public record Actor(
            @Schema(description = "Token subject; 'anonymous' without a valid token; 'system:<purpose>' for the server") String subject,
            @Schema(nullable = true, description = "Display name from the token") String name,
            @Schema(nullable = true, description = "OAuth client the token was issued to") String clientId,
            @Schema(description = "Role in the organisation, platform roles as platform-<role>") List<String> roles,
            @Schema(description = "The server acting on its own behalf") boolean system) {
    }

    @Schema(name = "AuditTarget")
    public record Target(String kind, @Schema(nullable = true) String id) {
    }

    @Schema(name = "AuditEntry", description = "One entry; hash = SHA-256(RFC 8785 form of every field but the two "
            + "hashes ‖ previous hash). docs/audit.md.", example = """
            {"organisation":"oem-frankfurt","sequence":42,"occurredAt":"2026-12-02T08:15:02.123456Z",
             "actor":{"subject":"0b9c","name":"jonas","clientId":"kaphera-console","roles":["operator"],"system":false},
             "operation":"resource.patch","target":{"kind":"ControlPlane","id":"edc-main"},"outcome":"success",
             "status":200,"change":"{\\"spec.replicas\\":{\\"from\\":1,\\"to\\":2}}",
             "summary":"jonas (operator, OEM Frankfurt) changed control plane 'edc-main': replicas 1 → 2",
             "requestId":"5f0c…","sourceAddress":"10.0.0.7","previousHash":"9a1f…","hash":"77c2…"}""")
    public record Entry(String organisation, long sequence, String occurredAt, Actor actor, String operation,
            Target target,
            @Schema(enumeration = {"success", "denied", "invalid", "not-found", "conflict", "unavailable", "failed"}) String outcome,
            int status,
            @Schema(nullable = true, description = "JSON text: the diff ({path: {from, to}}) or null; secrets redacted") String change,
            String summary, @Schema(nullable = true) String requestId, @Schema(nullable = true) String sourceAddress,
            String previousHash, String hash) {
    }

    @Schema(name = "AuditEntryPage")
    public record Page(List<Entry> items,
            @Schema(name = "continue", description = "Token for the next (older) page; absent on the last") String continueToken) {
    }

    @Schema(name = "AuditBreak")
    public record Break(long sequence,
            @Schema(enumeration = {"changed-entry", "missing-entry", "reordered", "checkpoint-mismatch", "bad-signature",
                "wrong-organisation"}) String reason, String detail) {
    }

    @Schema(name = "AuditVerification", example = """
            {"organisation":"oem-frankfurt","valid":false,"entriesChecked":2,"checkpointsChecked":1,"fromSequence":1,
             "lastIntactSequence":2,"firstBroken":{"sequence":3,"reason":"changed-entry","detail":"content hashes to …"}}""")
    public record Verification(String organisation, boolean valid, long entriesChecked, int checkpointsChecked,
            @Schema(description = "Absent for an empty chain") Long fromSequence,
            @Schema(description = "The last entry before the first broken link (or the last entry)") Long lastIntactSequence,
            @Schema(description = "Present when a range not starting at 1 was verified") String anchoredOnPreviousHash,
            @Schema(description = "Absent when valid") Break firstBroken) {
    }

    @Schema(name = "AuditCheckpoint", description = "A compact JWS (EdDSA) over {organisation, sequence, hash, signedAt}")
    public record Checkpoint(String organisation, long sequence, String hash, String signedAt, String keyId, String jws) {
    }

    @Schema(name = "JwkSet", description = "RFC 7517 key set: Ed25519 keys (kty OKP, crv Ed25519, x)")
    public record KeySet(@Schema(type = SchemaType.ARRAY, implementation = Object.class) List<Object> keys) {
    }
}
