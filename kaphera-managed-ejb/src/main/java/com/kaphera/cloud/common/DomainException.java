package com.kaphera.cloud.common;

import jakarta.ejb.ApplicationException;

/**
 * Base of every failure a service reports on purpose. Marked as an application exception so the
 * EJB container rolls the transaction back and hands the exception itself (not an EJBException) to
 * the HTTP edge, which maps each subtype to one RFC 9457 problem type.
 */
@ApplicationException(rollback = true, inherited = true)
public abstract class DomainException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected DomainException(String detail) {
        super(detail, null, false, false);
    }
}
