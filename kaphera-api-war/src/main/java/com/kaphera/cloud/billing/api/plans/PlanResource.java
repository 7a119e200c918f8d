package com.kaphera.cloud.billing.api.plans;

import com.kaphera.cloud.audit.api.Audited;
import com.kaphera.cloud.billing.plans.Plan;
import com.kaphera.cloud.billing.plans.PlanService;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.security.CurrentCaller;
import com.kaphera.cloud.web.security.RequiresPermission;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Plans: versioned price lists. Platform staff read them; platform admins publish new versions. */
@RequestScoped
@Path("/api/v1/billing/plans")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Billing")
public class PlanResource {
    private static final String PROBLEM = "application/problem+json";

    @EJB
    PlanService plans;

    @Inject
    CurrentCaller caller;

    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.BILLING_OPERATE)
    @Audited(PlanService.CREATE)
    @Operation(operationId = "createPlan", summary = "Publish a plan, or the next version of one",
            description = "Platform admins. Plans are never edited: a body with an existing code creates its next version; "
                    + "subscriptions keep the version they were given until a plan change.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = PlanView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields (each with its path, e.g. prices.data-transferred-gb.tiers[1].upTo)",
            content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not a platform admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "The same version was created at the same time", content = @Content(mediaType = PROBLEM))
    public Response create(PlanCreate body) {
        Plan plan = plans.create(caller.get(), body.draft());
        return Response.created(uri.getAbsolutePathBuilder().path(plan.code()).build()).entity(PlanView.of(plan)).build();
    }

    @GET
    @RequiresPermission(Permission.BILLING_READ_ALL)
    @Operation(operationId = "listPlans", summary = "List plans", description = "Platform staff. The latest version of each plan, in code order.")
    @APIResponse(responseCode = "200", description = "The plans", content = @Content(schema = @Schema(implementation = PlanView.Plans.class)))
    @APIResponse(responseCode = "403", description = "Not platform staff", content = @Content(mediaType = PROBLEM))
    public PlanView.Plans list() {
        return new PlanView.Plans(plans.latest(caller.get()).stream().map(PlanView::of).toList());
    }

    @GET
    @Path("{code}")
    @RequiresPermission(Permission.BILLING_READ_ALL)
    @Operation(operationId = "getPlan", summary = "Every version of a plan", description = "Platform staff. Oldest first.")
    @APIResponse(responseCode = "200", description = "The versions", content = @Content(schema = @Schema(implementation = PlanView.Plans.class)))
    @APIResponse(responseCode = "403", description = "Not platform staff", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such plan", content = @Content(mediaType = PROBLEM))
    public PlanView.Plans get(@Parameter(description = "The plan's code") @PathParam("code") String code) {
        return new PlanView.Plans(plans.versions(caller.get(), code).stream().map(PlanView::of).toList());
    }
}
