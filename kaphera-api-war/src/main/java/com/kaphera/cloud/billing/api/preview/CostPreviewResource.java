package com.kaphera.cloud.billing.api.preview;

import com.kaphera.cloud.billing.preview.CostPreview;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.security.CurrentCaller;
import com.kaphera.cloud.web.security.RequiresPermission;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What this month costs so far and at its end: for everyone in the organisation, viewers included. */
@RequestScoped
@Path("/api/v1/organisations/{org}/billing")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Billing")
public class CostPreviewResource {
    private static final String PROBLEM = "application/problem+json";

    @EJB
    CostPreview preview;

    @Inject
    CurrentCaller caller;

    @GET
    @Path("preview")
    @RequiresPermission(Permission.BILLING_PREVIEW)
    @Operation(operationId = "previewCost", summary = "This month's cost so far and projected",
            description = "Viewers and above. The month so far (as if it ended today) and projected to its end (usage "
                    + "so far × hours in the month / hours begun), priced line by line as the invoice run prices it, "
                    + "with the buyer country's tax. When the organisation's customer account pays, the figures are the account's.")
    @APIResponse(responseCode = "200", description = "The preview", content = @Content(schema = @Schema(implementation = CostPreviewView.class)))
    @APIResponse(responseCode = "403", description = "No billing:preview permission in the organisation", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such organisation, or no subscription covers it today",
            content = @Content(mediaType = PROBLEM))
    public CostPreviewView get(@Parameter(description = "The organisation's slug") @PathParam("org") String org) {
        return CostPreviewView.of(preview.of(caller.get(), org));
    }
}
