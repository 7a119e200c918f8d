package com.kaphera.cloud.common;

/** The caller is known and may see the object, but its role does not allow this operation. */
public class AccessDeniedException extends DomainException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String detail) {
        super(ProblemType.FORBIDDEN, detail);
    }
}
