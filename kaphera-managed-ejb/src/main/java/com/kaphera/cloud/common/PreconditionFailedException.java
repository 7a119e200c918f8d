package com.kaphera.cloud.common;

/** The caller's If-Match no longer names the current version of the object. */
public class PreconditionFailedException extends DomainException {
    private static final long serialVersionUID = 1L;

    public PreconditionFailedException(String detail) {
        super(ProblemType.PRECONDITION_FAILED, detail);
    }
}
