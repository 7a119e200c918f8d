package com.kaphera.cloud.web.problem;

import com.kaphera.cloud.common.ProblemType;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * What JAX-RS itself rejects (unknown path, 405, 406, 415, unparsable parameters) in the same
 * problem+json shape as everything else, with a fixed detail so no framework text leaks out.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    @Context
    UriInfo uri;

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String instance = uri.getRequestUri().getRawPath();
        if (status >= 500) {
            return UnexpectedExceptionMapper.internal(e, instance);
        }
        ProblemType type = ProblemType.forStatus(status);
        Response.ResponseBuilder response = Problem.of(type, detailFor(status), instance).toResponse().status(status);
        if (status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"kaphera\"");
        }
        if (e instanceof NotAllowedException) {
            String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
            if (allow != null) {
                response.header(HttpHeaders.ALLOW, allow);
            }
        }
        return response.build();
    }

    static String detailFor(int status) {
        return switch (status) {
            case 400 -> "The request could not be understood: check the path, query parameters and headers";
            case 401 -> "A valid bearer token is required";
            case 403 -> "The caller's roles do not allow this operation";
            case 404 -> "No resource at this path";
            case 405 -> "This resource does not support the request method";
            case 406 -> "This resource cannot produce a representation the request accepts";
            case 415 -> "This resource does not accept the request's content type";
            default -> "The request was rejected";
        };
    }
}
