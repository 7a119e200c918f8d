package com.kaphera.cloud.governance.credentials.dcp;

/** A status list credential could not be had; the message says why, in plain words. */
public class StatusListUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StatusListUnavailableException(String message) {
        super(message);
    }
}
