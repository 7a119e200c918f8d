package com.kaphera.cloud.web.problem;

import com.kaphera.cloud.common.ProblemType;
import com.kaphera.cloud.common.UnavailableException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;

/** A dependency is down or slow: 503 with Retry-After, so clients back off instead of hammering. */
@Provider
public class UnavailableExceptionMapper implements ExceptionMapper<UnavailableException> {
    private static final Logger LOG = Logger.getLogger(UnavailableExceptionMapper.class.getName());

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(UnavailableException e) {
        String instance = uri.getRequestUri().getRawPath();
        LOG.warning(() -> "Unavailable while serving " + instance + ": " + e.getMessage()
                + (e.getCause() == null ? "" : " (" + e.getCause().getClass().getSimpleName() + ")"));
        return unavailable(e.getMessage(), e.retryAfterSeconds(), instance);
    }

    static Response unavailable(String detail, int retryAfterSeconds, String instance) {
        return Problem.of(ProblemType.UNAVAILABLE, detail, instance).toResponse()
                .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds).build();
    }
}
