package com.kaphera.cloud.web.problem;

import com.kaphera.cloud.common.AccessDeniedException;
import com.kaphera.cloud.common.ConflictException;
import com.kaphera.cloud.common.DomainException;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.common.GoneException;
import com.kaphera.cloud.common.PreconditionFailedException;
import com.kaphera.cloud.common.PreconditionRequiredException;
import com.kaphera.cloud.common.TooManyRequestsException;
import com.kaphera.cloud.common.UpstreamRefusedException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Each domain exception has exactly one problem type. */
@Provider
public class DomainExceptionMapper implements ExceptionMapper<DomainException> {
    @Context
    UriInfo uri;

    @Override
    public Response toResponse(DomainException e) {
        String instance = uri.getRequestUri().getRawPath();
        Problem problem;
        if (e instanceof InvalidInputException invalid) {
            problem = Problem.of(ProblemType.INVALID_REQUEST, invalid.getMessage(), instance, invalid.errors());
        } else if (e instanceof NotFoundException) {
            problem = Problem.of(ProblemType.NOT_FOUND, e.getMessage(), instance);
        } else if (e instanceof ConflictException) {
            problem = Problem.of(ProblemType.CONFLICT, e.getMessage(), instance);
        } else if (e instanceof PreconditionFailedException) {
            problem = Problem.of(ProblemType.PRECONDITION_FAILED, e.getMessage(), instance);
        } else if (e instanceof AccessDeniedException) {
            problem = Problem.of(ProblemType.FORBIDDEN, e.getMessage(), instance);
        } else if (e instanceof PreconditionRequiredException) {
            problem = Problem.of(ProblemType.PRECONDITION_REQUIRED, e.getMessage(), instance);
        } else if (e instanceof GoneException) {
            problem = Problem.of(ProblemType.GONE, e.getMessage(), instance);
        } else if (e instanceof UpstreamRefusedException) {
            problem = Problem.of(ProblemType.UPSTREAM_REFUSED, e.getMessage(), instance);
        } else if (e instanceof TooManyRequestsException tooMany) {
            return Problem.of(ProblemType.TOO_MANY_REQUESTS, e.getMessage(), instance).toResponse()
                    .header(HttpHeaders.RETRY_AFTER, tooMany.retryAfterSeconds()).build();
        } else {
            return UnexpectedExceptionMapper.internal(e, instance);
        }
        return problem.toResponse().build();
    }
}
