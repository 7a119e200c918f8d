package com.kaphera.cloud.web.problem;

import com.kaphera.cloud.common.ProblemType;
import com.kaphera.cloud.web.json.JsonConfig;
import com.kaphera.cloud.audit.AuditContext;
import com.kaphera.cloud.audit.api.AuditFilter;
import com.kaphera.cloud.audit.api.RefusalRecorder;
import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Errors the container answers before JAX-RS runs (401 from the JWT check, 403 from a security
 * constraint, anything uncaught) arrive here through web.xml error-pages and leave as problem+json.
 */
@WebServlet(name = "problem-error-page", urlPatterns = ErrorPageServlet.PATH)
public class ErrorPageServlet extends HttpServlet {
    static final String PATH = "/_problem";
    private static final long serialVersionUID = 1L;
    private static final String ERROR_METHOD = "jakarta.servlet.error.method";

    @Inject
    transient RefusalRecorder refusals;

    @Inject
    transient AuditContext auditContext;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : HttpServletResponse.SC_NOT_FOUND;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String instance = uri instanceof String s ? s : request.getRequestURI();
        ProblemType type = ProblemType.forStatus(status);
        Problem problem = Problem.of(type, WebApplicationExceptionMapper.detailFor(status), instance);
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"kaphera\"");
        }
        // Servlet 6.1: an error dispatch is a GET; the original method is in jakarta.servlet.error.method.
        String method = request.getAttribute(ERROR_METHOD) instanceof String m ? m : request.getMethod();
        if (RefusalRecorder.isWrite(method)) {
            // A write the container refused before JAX-RS ran (typically a token Liberty rejected).
            String requestId = RefusalRecorder.requestId(request.getHeader(AuditFilter.REQUEST_ID));
            auditContext.describe(requestId, request.getRemoteAddr(), null, null);
            response.setHeader(AuditFilter.REQUEST_ID, requestId);
            refusals.refused(null, method, instance, null, "path", null, status,
                    type.title().toLowerCase(java.util.Locale.ROOT));
        }
        response.setStatus(status);
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JsonConfig.jsonb().toJson(problem));
    }
}
