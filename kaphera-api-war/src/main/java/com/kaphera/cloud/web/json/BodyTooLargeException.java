package com.kaphera.cloud.web.json;

import com.kaphera.cloud.common.DomainException;
import com.kaphera.cloud.common.ProblemType;

/** The request body is larger than {@code kaphera.http.max-body-bytes}: answered with 413. */
public class BodyTooLargeException extends DomainException {
    private static final long serialVersionUID = 1L;
    private final int limit;

    public BodyTooLargeException(int limit) {
        super(ProblemType.PAYLOAD_TOO_LARGE, "The request body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
