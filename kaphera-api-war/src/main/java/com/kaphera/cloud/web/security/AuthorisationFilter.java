package com.kaphera.cloud.web.security;

import com.kaphera.cloud.common.AccessDeniedException;
import com.kaphera.cloud.tenancy.Permission;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.logging.Logger;

/**
 * The one place where "may this caller call this operation?" is decided. Every resource method
 * must carry exactly one of {@link Public}, {@link Authenticated} or {@link RequiresPermission} (on the
 * method or its class); an unclassified method is refused, so a forgotten annotation fails closed. The
 * rule itself is a row of {@link com.kaphera.cloud.tenancy.Permission}, checked here before the body is
 * read and again by the service that does the work.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class AuthorisationFilter implements ContainerRequestFilter {
    private static final Logger LOG = Logger.getLogger(AuthorisationFilter.class.getName());
    private static final List<Class<? extends Annotation>> RULES =
            List.of(Public.class, Authenticated.class, RequiresPermission.class);

    @Context
    ResourceInfo resource;

    @Inject
    CurrentCaller current;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return; // no match: JAX-RS answers 404/405 itself
        }
        Annotation rule = ruleOf(resource.getResourceClass(), method);
        if (rule == null) {
            LOG.severe(() -> "Refusing unclassified operation " + method.getDeclaringClass().getSimpleName()
                    + "." + method.getName() + ": add an access annotation");
            throw new AccessDeniedException("This operation is not available");
        }
        if (rule instanceof Public) {
            return;
        }
        if (!current.isAuthenticated()) {
            throw new NotAuthorizedException("Bearer");
        }
        if (rule instanceof RequiresPermission needed) {
            Permission permission = needed.value();
            if (permission.scope() == Permission.Scope.PLATFORM) {
                permission.require(current.get());
                return;
            }
            String param = permission.scope() == Permission.Scope.DATASPACE
                    ? RequiresPermission.DATASPACE_PARAM : RequiresPermission.ORG_PARAM;
            String slug = request.getUriInfo().getPathParameters().getFirst(param);
            if (slug == null) {
                throw new IllegalStateException(method + " is @RequiresPermission(" + permission
                        + ") but has no {" + param + "} path parameter");
            }
            permission.require(current.get(), slug);
        }
    }

    /**
     * The rule on the implementing method (or its class), walking up from the resource class: the
     * resource method JAX-RS reports may be the {@code XxxApi} interface's, which carries no rule.
     */
    static Annotation ruleOf(Class<?> resourceClass, Method method) {
        for (Class<?> c = resourceClass; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Annotation rule = firstRule(c.getDeclaredMethod(method.getName(), method.getParameterTypes()));
                if (rule != null) {
                    return rule;
                }
            } catch (NoSuchMethodException e) {
                // declared further up
            }
            Annotation classRule = firstRule(c);
            if (classRule != null) {
                return classRule;
            }
        }
        return null;
    }

    private static Annotation firstRule(java.lang.reflect.AnnotatedElement element) {
        for (Class<? extends Annotation> type : RULES) {
            Annotation a = element.getAnnotation(type);
            if (a != null) {
                return a;
            }
        }
        return null;
    }
}
