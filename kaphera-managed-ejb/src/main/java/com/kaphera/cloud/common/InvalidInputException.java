package com.kaphera.cloud.common;

import java.util.List;

/** Input that breaks a rule; carries every field error found, so the caller can fix all at once. */
public class InvalidInputException extends DomainException {
    private static final long serialVersionUID = 1L;
    private final transient List<FieldError> errors;

    public InvalidInputException(String detail, List<FieldError> errors) {
        super(ProblemType.INVALID_REQUEST, detail);
        this.errors = List.copyOf(errors);
    }

    public InvalidInputException(FieldError error) {
        this(error.message(), List.of(error));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
