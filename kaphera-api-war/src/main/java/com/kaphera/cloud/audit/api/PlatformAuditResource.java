package com.kaphera.cloud.audit.api;

import com.kaphera.cloud.audit.AuditCheckpoints;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.security.CurrentCaller;
import com.kaphera.cloud.web.security.Public;
import com.kaphera.cloud.web.security.RequiresPermission;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

@RequestScoped
@Path("/api/v1/audit")
public class PlatformAuditResource implements PlatformAuditApi {
    @Inject
    AuditReading reading;

    @EJB
    AuditCheckpoints checkpoints;

    @Inject
    CurrentCaller caller;

    @Override
    @RequiresPermission(Permission.PLATFORM_AUDIT_READ)
    public JsonObject list(String from, String to, String actor, String operation, String target, String outcome,
            String limit, String continueToken) {
        return reading.page(caller.get(), AuditTrail.PLATFORM, from, to, actor, operation, target, outcome, limit,
                continueToken);
    }

    @Override
    @RequiresPermission(Permission.PLATFORM_AUDIT_READ)
    public JsonObject verify(String fromSequence, String toSequence) {
        return reading.verify(caller.get(), AuditTrail.PLATFORM, fromSequence, toSequence);
    }

    @Override
    @RequiresPermission(Permission.PLATFORM_AUDIT_READ)
    public Response export(String format, String fromSequence, String toSequence) {
        return reading.export(caller.get(), AuditTrail.PLATFORM, format, fromSequence, toSequence);
    }

    @Override
    @Public
    public JsonObject keys() {
        return checkpoints.keys().toJwks();
    }
}
