package com.kaphera.cloud.common;

/**
 * A dependency this server needs (the Kubernetes API, the database) is down or too slow. Deliberately
 * not a {@link DomainException}: fault-tolerance policies count it as a failure, while domain
 * outcomes (not found, conflict) are answers, not failures. Maps to 503 with Retry-After.
 */
public class UnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int retryAfterSeconds;

    public UnavailableException(String detail, int retryAfterSeconds, Throwable cause) {
        super(detail, cause);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
