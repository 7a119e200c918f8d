package com.kaphera.cloud.common;

/**
 * A system behind this server refused this server itself (e.g. the Kubernetes API answered 403 to
 * our service account). Not the caller's fault and not retryable by the caller: maps to 502 with a
 * detail an operator can act on.
 */
public class UpstreamRefusedException extends DomainException {
    private static final long serialVersionUID = 1L;

    public UpstreamRefusedException(String detail) {
        super(ProblemType.UPSTREAM_REFUSED, detail);
    }
}
