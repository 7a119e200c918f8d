package com.kaphera.cloud.web.problem;

import com.kaphera.cloud.common.ProblemType;
import com.kaphera.cloud.common.FieldError;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem detail. {@code errors} lists field-level problems (validation only);
 * {@code incident} correlates a 500 with the server log without revealing anything else.
 */
@JsonbPropertyOrder({"type", "title", "status", "detail", "instance", "errors", "incident"})
public record Problem(String type, String title, int status, String detail, String instance,
        List<FieldError> errors, String incident) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ProblemType type, String detail, String instance) {
        return new Problem(type.uri(), type.title(), type.status(), detail, instance, null, null);
    }

    public static Problem of(ProblemType type, String detail, String instance, List<FieldError> errors) {
        return new Problem(type.uri(), type.title(), type.status(), detail, instance,
                errors == null || errors.isEmpty() ? null : List.copyOf(errors), null);
    }

    public Problem withIncident(String incidentId) {
        return new Problem(type, title, status, detail, instance, errors, incidentId);
    }

    public Response.ResponseBuilder toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this);
    }
}
