package com.kaphera.cloud.governance.membership;

import java.util.Locale;

/** Where one onboarding step of a request stands. */
public enum StepStatus {
    /** Not run yet. */
    PENDING,
    /** Passed, with evidence. */
    PASSED,
    /** An automatic check failed, with the reason; re-run it once its inputs change. */
    FAILED,
    /** Queued for a person of the governance authority (approval steps). */
    WAITING;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StepStatus fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
