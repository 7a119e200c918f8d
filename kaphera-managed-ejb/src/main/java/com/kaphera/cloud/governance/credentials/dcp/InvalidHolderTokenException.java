package com.kaphera.cloud.governance.credentials.dcp;

import java.util.Objects;

/**
 * A holder's self-issued token was refused. {@link #reason()} is for machines (metrics, the problem type); the message
 * is plain language for the caller and the log, and quotes untrusted values only cut and cleaned.
 */
public class InvalidHolderTokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a token was refused; {@link #code()} is the stable machine name. */
    public enum Reason {
        MALFORMED("malformed"),
        UNSUPPORTED_ALGORITHM("unsupported-algorithm"),
        EXPIRED("expired"),
        NOT_YET_VALID("not-yet-valid"),
        WRONG_AUDIENCE("wrong-audience"),
        ISSUER_SUBJECT_MISMATCH("issuer-subject-mismatch"),
        UNKNOWN_KEY("unknown-key"),
        BAD_SIGNATURE("bad-signature"),
        DID_UNRESOLVABLE("did-unresolvable");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public InvalidHolderTokenException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
