package com.kaphera.cloud.join;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;

/**
 * One step of a join as the tracker shows it: its status, when it started and finished, how many
 * attempts failed, the last error, a plain-language text, and who skipped it and why.
 *
 * @param status pending, working, waiting (for a person), done, skipped or failed
 */
public record StepRecord(JoinStep step, String status, Instant startedAt, Instant finishedAt, int failedAttempts,
        String lastError, String text, String skippedBy, String skipReason) {
    public static final String PENDING = "pending";
    public static final String WORKING = "working";
    public static final String WAITING = "waiting";
    public static final String DONE = "done";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";

    static StepRecord pending(JoinStep step) {
        return new StepRecord(step, PENDING, null, null, 0, null, "Not started yet.", null, null);
    }

    StepRecord working(Instant now, String text) {
        return new StepRecord(step, WORKING, startedAt == null ? now : startedAt, null, failedAttempts, lastError, text,
                null, null);
    }

    StepRecord waiting(Instant now, String text) {
        return new StepRecord(step, WAITING, startedAt == null ? now : startedAt, null, failedAttempts, lastError, text,
                null, null);
    }

    StepRecord attemptFailed(Instant now, String error, String text) {
        return new StepRecord(step, WORKING, startedAt == null ? now : startedAt, null, failedAttempts + 1, error, text,
                null, null);
    }

    StepRecord failed(Instant now, String error, String text) {
        return new StepRecord(step, FAILED, startedAt == null ? now : startedAt, now, failedAttempts + 1, error, text,
                null, null);
    }

    StepRecord done(Instant now, String text) {
        return new StepRecord(step, DONE, startedAt == null ? now : startedAt, now, failedAttempts, lastError, text,
                null, null);
    }

    StepRecord skipped(Instant now, String by, String reason) {
        return new StepRecord(step, SKIPPED, startedAt == null ? now : startedAt, now, failedAttempts, lastError,
                "Skipped by " + by + ": " + reason, by, reason);
    }

    /** Back to the start for a person's retry; the failed attempts are kept, the error too (as history). */
    StepRecord retried(Instant now, String by) {
        return new StepRecord(step, WORKING, startedAt == null ? now : startedAt, null, 0, lastError,
                "Retried by " + by + ". " + step.working(), null, null);
    }

    boolean isFinished() {
        return DONE.equals(status) || SKIPPED.equals(status);
    }

    JsonObject json() {
        JsonObjectBuilder b = Json.createObjectBuilder().add("step", step.id()).add("status", status)
                .add("failedAttempts", failedAttempts).add("text", text);
        optional(b, "startedAt", startedAt == null ? null : startedAt.toString());
        optional(b, "finishedAt", finishedAt == null ? null : finishedAt.toString());
        optional(b, "lastError", lastError);
        optional(b, "skippedBy", skippedBy);
        optional(b, "skipReason", skipReason);
        return b.build();
    }

    static StepRecord of(JsonObject o) {
        return new StepRecord(JoinStep.fromId(o.getString("step")).orElseThrow(), o.getString("status"),
                instant(o, "startedAt"), instant(o, "finishedAt"), o.getInt("failedAttempts", 0),
                o.getString("lastError", null), o.getString("text", ""), o.getString("skippedBy", null),
                o.getString("skipReason", null));
    }

    private static Instant instant(JsonObject o, String name) {
        return o.get(name) == null || o.get(name) == JsonValue.NULL ? null : Instant.parse(o.getString(name));
    }

    private static void optional(JsonObjectBuilder b, String name, String value) {
        if (value != null) {
            b.add(name, value);
        }
    }
}
