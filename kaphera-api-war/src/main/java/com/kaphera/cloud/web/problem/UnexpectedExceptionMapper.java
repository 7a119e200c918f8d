package com.kaphera.cloud.web.problem;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last line: anything unplanned becomes a 500 with an incident id. The stack trace goes to the
 * server log under that id; the caller gets nothing about the server's internals.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(Throwable e) {
        return internal(e, uri.getRequestUri().getRawPath());
    }

    static Response internal(Throwable e, String instance) {
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Incident " + incident + " on " + instance, e);
        return Problem.of(ProblemType.INTERNAL, "The server failed to handle the request; quote incident "
                        + incident + " to support", instance)
                .withIncident(incident).toResponse().build();
    }
}
