package com.kaphera.cloud.join;

import java.util.Locale;

/**
 * Where a join is: {@code running} (a worker has it or it is scheduled), waiting for a person
 * ({@code awaiting-authority}, {@code awaiting-applicant}), or final ({@code succeeded},
 * {@code failed}, {@code cancelled}). A failed join can be retried by a person; it then runs again.
 */
public enum JoinState {
    RUNNING, AWAITING_AUTHORITY, AWAITING_APPLICANT, SUCCEEDED, FAILED, CANCELLED;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static JoinState fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** Succeeded and cancelled never change again; failed does only when a person retries. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    public boolean isWaitingForPerson() {
        return this == AWAITING_AUTHORITY || this == AWAITING_APPLICANT;
    }
}
