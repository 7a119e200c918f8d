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
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/fleet}: platform staff's overview of every organisation (managed edition only). */
@RequestScoped
@Path("/api/v1/fleet")
@Tag(name = "Fleet")
public class FleetResource {
    private static final String PROBLEM = "application/problem+json";

    @EJB
    FleetService fleet;

    @Inject
    CurrentCaller caller;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.FLEET_READ)
    @Operation(operationId = "getFleetSummary", summary = "Fleet summary",
            description = "Platform admin or support. Counts across all organisations.")
    @APIResponse(responseCode = "200", description = "The summary",
            content = @Content(schema = @Schema(implementation = FleetSummarySchema.class)))
    @APIResponse(responseCode = "403", description = "Not platform staff", content = @Content(mediaType = PROBLEM))
    public FleetService.FleetSummary summary() {
        return fleet.summary(caller.get());
    }

    /** The shape of {@link FleetService.FleetSummary} for the description (the EJB module is not scanned). */
    @Schema(name = "FleetSummary", example = """
            {"liveOrganisations":6,"deletedOrganisations":1,"newestRegistration":"2026-11-23T09:00:00Z",
             "byAccount":[{"account":"tier1-components","liveOrganisations":2},{"liveOrganisations":4}],
             "generatedAt":"2026-11-24T08:00:00Z"}""")
    record FleetSummarySchema(long liveOrganisations, long deletedOrganisations, Instant newestRegistration,
            List<AccountGroupSchema> byAccount, Instant generatedAt) {
    }

    @Schema(name = "FleetAccountGroup", description = "Live organisations per customer account; account absent for "
            + "organisations without one")
    record AccountGroupSchema(String account, long liveOrganisations) {
    }
}
