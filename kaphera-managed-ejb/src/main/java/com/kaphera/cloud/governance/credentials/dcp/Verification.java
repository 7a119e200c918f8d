package com.kaphera.cloud.governance.credentials.dcp;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of verifying a credential: valid when every check that ran passed. Checks are listed in the order they
 * ran; a check that could not run (everything after an unreadable credential, the status of a credential whose
 * signature or issuer failed) is listed as not passed, its detail saying why it was not run.
 *
 * @param valid  whether the credential can be relied on
 * @param checks the checks, by {@link Check#name()}: {@code format}, {@code signature}, {@code trusted-issuer},
 *               {@code expiry}, {@code status}
 */
public record Verification(boolean valid, List<Check> checks) {
    public static final String FORMAT = "format";
    public static final String SIGNATURE = "signature";
    public static final String TRUSTED_ISSUER = "trusted-issuer";
    public static final String EXPIRY = "expiry";
    public static final String STATUS = "status";

    /**
     * One check.
     *
     * @param name   its stable name
     * @param passed whether it passed
     * @param detail what was found, in plain language
     */
    public record Check(String name, boolean passed, String detail) {
    }

    public Verification {
        checks = List.copyOf(checks);
    }

    static Verification of(List<Check> checks) {
        return new Verification(!checks.isEmpty() && checks.stream().allMatch(Check::passed), checks);
    }

    /** The check named {@code name}, if it is listed. */
    public Optional<Check> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
