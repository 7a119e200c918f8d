package com.kaphera.cloud.web.problem;

import com.kaphera.cloud.common.DomainException;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.ProblemType;
import com.kaphera.cloud.common.TooManyRequestsException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/** Every domain exception, rendered from the problem type it carries. */
@Provider
public class DomainExceptionMapper implements ExceptionMapper<DomainException> {
    @Context
    UriInfo uri;

    @Override
    public Response toResponse(DomainException e) {
        ProblemType type = e.problemType();
        Problem problem = Problem.of(type, e.getMessage(), uri.getRequestUri().getRawPath(),
                e instanceof InvalidInputException invalid ? invalid.errors() : List.of());
        Response.ResponseBuilder response = problem.toResponse();
        if (e instanceof TooManyRequestsException tooMany) {
            response.header(HttpHeaders.RETRY_AFTER, tooMany.retryAfterSeconds());
        }
        if (type == ProblemType.PAYLOAD_TOO_LARGE) {
            response.header("Connection", "close"); // the rest of the body is not read
        }
        return response.build();
    }
}
