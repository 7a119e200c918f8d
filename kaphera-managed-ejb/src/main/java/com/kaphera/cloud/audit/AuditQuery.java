package com.kaphera.cloud.audit;

import java.time.Instant;

/**
 * Filters for reading the log; any may be null. {@code actor} matches the subject or the display name,
 * {@code operation} an operation name or a prefix ending in a dot ({@code resource.}), {@code target}
 * a kind or {@code kind/id}.
 */
public record AuditQuery(Instant from, Instant to, String actor, String operation, String target, Outcome outcome) {
}
