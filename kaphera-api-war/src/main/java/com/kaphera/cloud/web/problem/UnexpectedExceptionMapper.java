package com.kaphera.cloud.web.problem;

import com.kaphera.cloud.common.ProblemType;
import com.kaphera.cloud.persistence.Persistence;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last line: a lost database becomes a 503 with Retry-After; anything else unplanned becomes
 * a 500 with an incident id. The stack trace goes to the
 * server log under that id; the caller gets nothing about the server's internals.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final int RETRY_AFTER_SECONDS = 5;
    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(Throwable e) {
        return internal(e, uri.getRequestUri().getRawPath());
    }

    static Response internal(Throwable e, String instance) {
        // A dependency we need is missing (e.g. no key-encryption key): said as such, even when an EJB wrapped it.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.kaphera.cloud.common.UnavailableException u) {
                return UnavailableExceptionMapper.unavailable(u.getMessage(), u.retryAfterSeconds(), instance);
            }
        }
        if (Persistence.isConnectionFailure(e)) {
            LOG.log(Level.WARNING, "Database unavailable while serving {0}: {1}", new Object[] {instance, e.getClass().getSimpleName()});
            return UnavailableExceptionMapper.unavailable("The database is unavailable; retry shortly",
                    RETRY_AFTER_SECONDS, instance);
        }
        if (Persistence.isDataException(e)) {
            // A value our validation let through and the database refused: the caller's input, not a bug to page
            // anyone for; logged without the value.
            LOG.log(Level.WARNING, "The database refused a value while serving {0}", instance);
            return Problem.of(ProblemType.INVALID_REQUEST, "The database refused a value in the request",
                    instance).toResponse().build();
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Incident " + incident + " on " + instance, e);
        return Problem.of(ProblemType.INTERNAL, "The server failed to handle the request; quote incident "
                        + incident + " to support", instance)
                .withIncident(incident).toResponse().build();
    }
}
