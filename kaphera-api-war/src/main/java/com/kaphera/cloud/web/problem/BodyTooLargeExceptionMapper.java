package com.kaphera.cloud.web.problem;

import com.kaphera.cloud.web.json.BodyTooLargeException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

@Provider
public class BodyTooLargeExceptionMapper implements ExceptionMapper<BodyTooLargeException> {
    @Context
    UriInfo uri;

    @Override
    public Response toResponse(BodyTooLargeException e) {
        return Problem.of(ProblemType.PAYLOAD_TOO_LARGE, e.getMessage(), uri.getRequestUri().getRawPath())
                .toResponse().header("Connection", "close").build();
    }
}
