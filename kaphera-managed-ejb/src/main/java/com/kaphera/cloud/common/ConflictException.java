package com.kaphera.cloud.common;

/** The request is well formed but clashes with the current state (duplicate key, lost race). */
public class ConflictException extends DomainException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String detail) {
        super(ProblemType.CONFLICT, detail);
    }
}
