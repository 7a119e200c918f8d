package com.kaphera.cloud.governance.credentials.dcp;

/** A DCP message was refused; the message says what is wrong in plain words (answer it as 400). */
public class InvalidDcpMessageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidDcpMessageException(String message) {
        super(message);
    }
}
