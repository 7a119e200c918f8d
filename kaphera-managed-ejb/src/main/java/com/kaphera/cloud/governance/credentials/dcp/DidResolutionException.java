package com.kaphera.cloud.governance.credentials.dcp;

import java.util.Objects;

/** A DID could not be resolved to its DID document; {@link #reason()} says which way it failed. */
public class DidResolutionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a resolution failed. */
    public enum Reason {
        /** The DID is not a did:web DID. */
        MALFORMED_DID,
        /** The resolver was told not to resolve this DID (e.g. not a participant of the dataspace). */
        NOT_ALLOWED,
        /** The host could not be reached, or did not answer in time. */
        UNREACHABLE,
        /** The host answered with a status other than 200. */
        NOT_FOUND,
        /** The document is larger than the resolver accepts. */
        TOO_LARGE,
        /** The answer is not a JSON object. */
        NOT_JSON,
        /** The document's {@code id} is not the DID that was asked for. */
        ID_MISMATCH
    }

    private final Reason reason;

    public DidResolutionException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
