package com.kaphera.cloud.common;

/** A position the caller resumes from (continue token, resourceVersion) is too old. Maps to 410. */
public class GoneException extends DomainException {
    private static final long serialVersionUID = 1L;

    public GoneException(String detail) {
        super(ProblemType.GONE, detail);
    }
}
