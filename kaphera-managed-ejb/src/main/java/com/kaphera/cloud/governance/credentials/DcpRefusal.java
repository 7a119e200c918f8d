package com.kaphera.cloud.governance.credentials;

import com.kaphera.cloud.common.DomainException;
import com.kaphera.cloud.common.ProblemType;

/**
 * A DCP request we refuse: 400 not a CredentialRequestMessage (or a credential not issued here), 401
 * holder token missing, forged, expired, replayed or for another audience, 403 holder not an
 * approved member, 404 unknown dataspace or request, 413 message too large. DCP 1.0 defines no error
 * body; EDC's wallet logs whatever comes back, so the answer is our usual problem+json with the
 * reason in plain language (and the token check's reason code).
 */
public class DcpRefusal extends DomainException {
    private static final long serialVersionUID = 1L;

    public DcpRefusal(int status, String reason) {
        super(type(status), reason);
    }

    private static ProblemType type(int status) {
        return switch (status) {
            case 401 -> ProblemType.UNAUTHENTICATED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            default -> ProblemType.INVALID_REQUEST;
        };
    }

    public int status() {
        return problemType().status();
    }
}
