package com.kaphera.cloud.join;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The steps of a join, in order, with what the tracker says while each runs. */
public enum JoinStep {
    REQUEST("Checking your organisation against the dataspace's onboarding rules…"),
    IDENTITY("Creating your participant identity (DID) in your wallet…"),
    CREDENTIAL("Issuing your membership credential…"),
    CONNECTOR("Provisioning your connector…"),
    READY("Waiting for your connector to start and answer…");

    private final String working;

    JoinStep(String working) {
        this.working = working;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<JoinStep> fromId(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
    }

    /** Plain language, for the tracker, while the step runs. */
    public String working() {
        return working;
    }

    /** The step after this one; empty after the last. */
    public Optional<JoinStep> next() {
        return ordinal() + 1 < values().length ? Optional.of(values()[ordinal() + 1]) : Optional.empty();
    }
}
