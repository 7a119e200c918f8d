package com.kaphera.cloud.common;

import jakarta.ejb.ApplicationException;

/**
 * Base of every failure a service reports on purpose. Marked as an application exception so the
 * EJB container rolls the transaction back and hands the exception itself (not an EJBException) to
 * the HTTP edge, which renders its {@link ProblemType} as RFC 9457 problem+json.
 */
@ApplicationException(rollback = true, inherited = true)
public abstract class DomainException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ProblemType problemType;

    protected DomainException(ProblemType problemType, String detail) {
        super(detail, null, false, false);
        this.problemType = problemType;
    }

    /** What kind of failure this is for the caller: type URI, title and status. */
    public ProblemType problemType() {
        return problemType;
    }
}
