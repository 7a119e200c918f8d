package com.kaphera.cloud.governance.credentials;

/**
 * A DCP request we refuse, with the HTTP status the protocol answers with (400 malformed message,
 * 401 bad or missing holder token, 403 holder not approved, 404 unknown request) and a plain reason.
 * The DCP endpoints answer it in the protocol's own error shape, not problem+json.
 */
@jakarta.ejb.ApplicationException(rollback = true)
public class DcpRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public DcpRefusal(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
