package com.kaphera.cloud.audit.api;

import com.kaphera.cloud.audit.AuditContext;
import com.kaphera.cloud.common.AccessDeniedException;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.web.security.CurrentCaller;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The audit log's HTTP edge. Before authorisation it describes the request for the entries (request
 * id — the caller's {@code X-Request-Id} when well-formed, else a new one, echoed in the response —,
 * source address, the caller's name and client) and refuses a write method without {@link Audited}.
 * After the response it records writes that were refused or failed; successes are recorded by the
 * services, in the same transaction as the change.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 100)
public class AuditFilter implements ContainerRequestFilter, ContainerResponseFilter {
    public static final String REQUEST_ID = "X-Request-Id";
    private static final Logger LOG = Logger.getLogger(AuditFilter.class.getName());

    @Context
    ResourceInfo resource;

    @Context
    HttpServletRequest http;

    @Inject
    AuditContext context;

    @Inject
    CurrentCaller current;

    @Inject
    JsonWebToken token;

    @Inject
    RefusalRecorder refusals;

    @Override
    public void filter(ContainerRequestContext request) {
        String requestId = RefusalRecorder.requestId(request.getHeaderString(REQUEST_ID));
        boolean authenticated = current.isAuthenticated();
        context.describe(requestId, http.getRemoteAddr(),
                authenticated ? claim("preferred_username", claim("name", null)) : null,
                authenticated ? claim("azp", claim("client_id", null)) : null);
        Method method = resource.getResourceMethod();
        if (method != null && RefusalRecorder.isWrite(request.getMethod()) && audited(method) == null
                && !changesNothing(method)) {
            LOG.severe(() -> "Refusing unaudited write " + method.getDeclaringClass().getSimpleName() + "."
                    + method.getName() + ": add @Audited");
            throw new AccessDeniedException("This operation is not available");
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(REQUEST_ID, context.requestId() != null ? context.requestId()
                : UUID.randomUUID().toString());
        if (!RefusalRecorder.isWrite(request.getMethod()) || context.recorded()) {
            return;
        }
        int status = response.getStatus();
        Method method = resource.getResourceMethod();
        Audited audited = method == null ? null : audited(method);
        if (status < 400) {
            if (audited != null) {
                LOG.severe(() -> audited.value() + " answered " + status + " without an audit entry");
            }
            return;
        }
        MultivaluedMap<String, String> params = request.getUriInfo().getPathParameters();
        String operation = audited == null ? null : audited.value();
        String kind = params.getFirst("type") != null ? params.getFirst("type")
                : operation != null ? operation.substring(0, operation.indexOf('.')) : "path";
        String id = params.getFirst("name") != null ? params.getFirst("name")
                : params.getFirst("account") != null ? params.getFirst("account") : params.getFirst("org");
        Caller caller = current.isAuthenticated() ? current.get() : null;
        refusals.refused(caller, request.getMethod(), "/" + request.getUriInfo().getPath().replaceFirst("^/", ""),
                operation, kind, id, status, Response.Status.Family.familyOf(status) == Response.Status.Family.SERVER_ERROR
                        ? "server error" : reason(status));
    }

    private static String reason(int status) {
        Response.Status s = Response.Status.fromStatusCode(status);
        return s != null ? s.getReasonPhrase() : Integer.toString(status);
    }

    /** The annotation on the implementing method (the matched method may be the XxxApi interface's). */
    private boolean changesNothing(Method method) {
        try {
            return resource.getResourceClass().getMethod(method.getName(), method.getParameterTypes())
                    .isAnnotationPresent(ChangesNothing.class) || method.isAnnotationPresent(ChangesNothing.class);
        } catch (NoSuchMethodException e) {
            return method.isAnnotationPresent(ChangesNothing.class);
        }
    }

    private Audited audited(Method method) {
        try {
            Method impl = resource.getResourceClass().getMethod(method.getName(), method.getParameterTypes());
            Audited a = impl.getAnnotation(Audited.class);
            return a != null ? a : method.getAnnotation(Audited.class);
        } catch (NoSuchMethodException e) {
            return method.getAnnotation(Audited.class);
        }
    }

    private String claim(String name, String fallback) {
        Object value = token.getClaim(name);
        if (value instanceof jakarta.json.JsonString s) {
            value = s.getString();
        }
        return value instanceof String s && !s.isBlank() ? s : fallback;
    }
}
