package com.kaphera.cloud.governance.credentials.dcp;

/** A resolved DID document cannot be used: no {@code id}, or verification methods that clash. */
public class InvalidDidDocumentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidDidDocumentException(String message) {
        super(message);
    }
}
