package com.kaphera.cloud.common;

/** A write that could silently overwrite someone else's change names no version. Maps to 428. */
public class PreconditionRequiredException extends DomainException {
    private static final long serialVersionUID = 1L;

    public PreconditionRequiredException(String detail) {
        super(ProblemType.PRECONDITION_REQUIRED, detail);
    }
}
