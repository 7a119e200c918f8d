package com.kaphera.cloud.audit.api;

import com.kaphera.cloud.audit.AuditCheckpoints;
import com.kaphera.cloud.audit.AuditRetention;
import com.kaphera.cloud.audit.chain.Checkpoint;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.security.CurrentCaller;
import com.kaphera.cloud.web.security.RequiresPermission;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

@RequestScoped
@Path("/api/v1/organisations/{org}/audit")
public class OrganisationAuditResource implements OrganisationAuditApi {
    @Inject
    AuditReading reading;

    @EJB
    AuditCheckpoints checkpoints;

    @EJB
    AuditRetention retention;

    @Inject
    CurrentCaller caller;

    @Override
    @RequiresPermission(Permission.AUDIT_READ)
    public JsonObject list(String org, String from, String to, String actor, String operation, String target,
            String outcome, String limit, String continueToken) {
        return reading.page(caller.get(), org, from, to, actor, operation, target, outcome, limit, continueToken);
    }

    @Override
    @RequiresPermission(Permission.AUDIT_READ)
    public JsonObject verify(String org, String fromSequence, String toSequence) {
        return reading.verify(caller.get(), org, fromSequence, toSequence);
    }

    @Override
    @RequiresPermission(Permission.AUDIT_READ)
    public Response export(String org, String format, String fromSequence, String toSequence) {
        return reading.export(caller.get(), org, format, fromSequence, toSequence);
    }

    @Override
    @RequiresPermission(Permission.AUDIT_CHECKPOINT)
    @Audited(AuditCheckpoints.CHECKPOINT)
    public Response checkpoint(String org) {
        Checkpoint signed = checkpoints.checkpoint(caller.get(), org).orElseThrow(() ->
                new InvalidInputException(new FieldError("org", "the audit log is empty: nothing to sign")));
        return Response.status(Response.Status.CREATED).entity(signed.toJson()).build();
    }

    @Override
    @RequiresPermission(Permission.AUDIT_RETENTION)
    @Audited(AuditRetention.RETENTION)
    public Response announceRetention(String org, RetentionAnnouncement body) {
        return Response.accepted(retention.announce(caller.get(), org, body.beforeSequence(), body.reference()).toJson())
                .build();
    }
}
