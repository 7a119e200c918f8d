package com.kaphera.cloud.common;

/** The object does not exist, or the caller may not know that it exists. */
public class NotFoundException extends DomainException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String kind, String id) {
        super(ProblemType.NOT_FOUND, kind + " '" + id + "' does not exist");
    }
}
