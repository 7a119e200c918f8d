package com.kaphera.cloud.join;

import java.time.Duration;
import java.util.Map;

/** What one attempt at a step came to; {@link JoinEngine} records it, fenced, in one transaction. */
public sealed interface StepOutcome {

    /** The step is done; {@code details} are added to the join's (never secrets). */
    record Done(String text, Map<String, String> details) implements StepOutcome {
        public Done(String text) {
            this(text, Map.of());
        }
    }

    /** Under way, waiting for something automatic (the wallet, the operator): look again after {@code after}. */
    record Working(String text, Duration after, Map<String, String> details) implements StepOutcome {
        public Working(String text, Duration after) {
            this(text, after, Map.of());
        }
    }

    /** Waiting for a person (the authority, or the applicant); {@code who} and {@code text} say whom and for what. */
    record AwaitPerson(JoinState state, String who, String text, Map<String, String> details) implements StepOutcome {
        public AwaitPerson(JoinState state, String who, String text) {
            this(state, who, text, Map.of());
        }
    }

    /** A failure that may pass (a service down, a timeout): retried with backoff up to the attempt limit. */
    record Transient(String error) implements StepOutcome {
    }

    /** A failure retrying will not fix: the join fails now, with what a person must change first. */
    record Permanent(String error, String explanation) implements StepOutcome {
    }
}
