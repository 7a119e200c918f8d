package com.kaphera.cloud.governance.credentials.dcp;

/**
 * A string that was meant to be a did:web DID is not one. The message says in plain words what is wrong (and never
 * repeats more than the first characters of the input, which may come from an untrusted caller).
 */
public class MalformedDidException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedDidException(String message) {
        super(message);
    }
}
