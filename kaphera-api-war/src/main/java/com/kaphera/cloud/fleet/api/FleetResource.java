package com.kaphera.cloud.fleet.api;

import com.kaphera.cloud.fleet.FleetService;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.security.CurrentCaller;
import com.kaphera.cloud.web.security.RequiresPermission;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/fleet}: platform staff's overview of every organisation (managed edition only). */
@RequestScoped
@Path("/api/v1/fleet")
@Tag(name = "Fleet", description = "Kaphera operations' view across all organisations (managed edition)")
public class FleetResource {
    @EJB
    FleetService fleet;

    @Inject
    CurrentCaller caller;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.FLEET_READ)
    @Operation(summary = "Fleet summary", description = "Platform admin or support. Counts across all organisations.")
    @APIResponse(responseCode = "200", description = "The summary")
    @APIResponse(responseCode = "403", description = "Not platform staff")
    public FleetService.FleetSummary summary() {
        return fleet.summary(caller.get());
    }
}
