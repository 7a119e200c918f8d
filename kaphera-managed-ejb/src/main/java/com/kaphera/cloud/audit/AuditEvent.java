package com.kaphera.cloud.audit;

import jakarta.json.JsonValue;

/**
 * What a service tells the audit trail about one operation: the operation's stable name (as its
 * resource method declares it with {@code @Audited}), the target, how it ended, the change (a diff
 * or the new spec; redacted before it is stored) and a plain-language phrase for the summary, such
 * as {@code "changed control plane 'edc-main': replicas 1 → 2"}.
 */
public record AuditEvent(String operation, String targetKind, String targetId, Outcome outcome, int status,
        JsonValue change, String action) {

    public static AuditEvent success(String operation, String targetKind, String targetId, int status, JsonValue change,
            String action) {
        return new AuditEvent(operation, targetKind, targetId, Outcome.SUCCESS, status, change, action);
    }
}
