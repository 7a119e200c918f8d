package com.kaphera.cloud.governance.credentials.dcp;

/**
 * A sealed issuer key could not be opened: another key-encryption key sealed it, or the stored value was altered or
 * is not a sealed key. The message names the KEK fingerprints involved, never key material.
 */
public class SealedKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SealedKeyException(String message) {
        super(message);
    }
}
