package com.kaphera.cloud.web.problem;

import com.kaphera.cloud.common.ProblemType;
import com.kaphera.cloud.common.FieldError;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;
import java.util.List;

/** Bean Validation on query and path parameters: the field is the parameter's name. */
@Provider
public class ConstraintViolationExceptionMapper implements ExceptionMapper<ConstraintViolationException> {
    @Context
    UriInfo uri;

    @Override
    public Response toResponse(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(leaf(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return Problem.of(ProblemType.INVALID_REQUEST, "The request has " + errors.size() + " invalid "
                + (errors.size() == 1 ? "parameter" : "parameters"), uri.getRequestUri().getRawPath(), errors)
                .toResponse().build();
    }

    /** "list.arg0.limit" style paths name the method; the caller knows the parameter. */
    private static String leaf(Path path) {
        String name = null;
        for (Path.Node node : path) {
            name = node.getName();
        }
        return name == null ? "$" : name;
    }
}
