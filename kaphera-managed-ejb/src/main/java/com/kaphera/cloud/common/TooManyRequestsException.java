package com.kaphera.cloud.common;

/** The caller holds as many of a bounded resource (e.g. open watches) as it may. Maps to 429. */
public class TooManyRequestsException extends DomainException {
    private static final long serialVersionUID = 1L;
    private final int retryAfterSeconds;

    public TooManyRequestsException(String detail, int retryAfterSeconds) {
        super(ProblemType.TOO_MANY_REQUESTS, detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
