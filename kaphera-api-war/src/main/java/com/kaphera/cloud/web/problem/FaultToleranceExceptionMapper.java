package com.kaphera.cloud.web.problem;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * A fault-tolerance policy gave up on a dependency (timeout, open circuit, full bulkhead): the
 * dependency is effectively unavailable, so the caller gets the same 503 + Retry-After.
 */
@Provider
public class FaultToleranceExceptionMapper implements ExceptionMapper<FaultToleranceException> {
    private static final Logger LOG = Logger.getLogger(FaultToleranceExceptionMapper.class.getName());

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(FaultToleranceException e) {
        String instance = uri.getRequestUri().getRawPath();
        LOG.warning(() -> e.getClass().getSimpleName() + " while serving " + instance);
        if (e instanceof CircuitBreakerOpenException) {
            return UnavailableExceptionMapper.unavailable("The Kubernetes API has been failing; requests are paused "
                    + "for a few seconds to let it recover", 5, instance);
        }
        if (e instanceof BulkheadException) {
            return UnavailableExceptionMapper.unavailable("Too many requests are waiting for the Kubernetes API; "
                    + "retry shortly", 1, instance);
        }
        if (e instanceof TimeoutException) {
            return UnavailableExceptionMapper.unavailable("The Kubernetes API did not answer in time; retry shortly",
                    5, instance);
        }
        return UnavailableExceptionMapper.unavailable("A dependency of this server is unavailable; retry shortly",
                5, instance);
    }
}
