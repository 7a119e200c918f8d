package com.kaphera.cloud.billing.api.plans;

import com.kaphera.cloud.audit.api.Audited;
import com.kaphera.cloud.billing.plans.SubscriptionService;
import com.kaphera.cloud.billing.plans.SubscriptionService.PlanChange;
import com.kaphera.cloud.billing.plans.SubscriptionService.SubscriptionDetails;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.ETags;
import com.kaphera.cloud.web.PageLimit;
import com.kaphera.cloud.web.RequestValues;
import com.kaphera.cloud.web.security.CurrentCaller;
import com.kaphera.cloud.web.security.RequiresPermission;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Subscriptions: what an organisation or a customer account pays for. Platform staff read them;
 * platform admins create, change and end them.
 */
@RequestScoped
@Path("/api/v1/billing/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Billing")
public class SubscriptionResource {
    private static final String PROBLEM = "application/problem+json";
    private static final String ID = "The subscription's id";

    @EJB
    SubscriptionService subscriptions;

    @Inject
    CurrentCaller caller;

    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.BILLING_OPERATE)
    @Audited(SubscriptionService.CREATE)
    @Operation(operationId = "createSubscription", summary = "Subscribe an organisation or a customer account to a plan",
            description = "Platform admins. One live subscription per organisation or account: one that overlaps is refused (409).")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not a platform admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Overlaps the owner's current subscription", content = @Content(mediaType = PROBLEM))
    public Response create(SubscriptionCreate body) {
        SubscriptionDetails d = subscriptions.create(caller.get(), body.organisation(), body.customerAccount(), body.plan(),
                body.planVersion(), body.country(), body.startsOn(), body.trialEndsOn());
        return Response.created(uri.getAbsolutePathBuilder().path(d.subscription().id().toString()).build())
                .tag(ETags.of(d.subscription().version())).entity(SubscriptionView.of(d)).build();
    }

    @GET
    @RequiresPermission(Permission.BILLING_READ_ALL)
    @Operation(operationId = "listSubscriptions", summary = "List subscriptions", description = "Platform staff. Id order.")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(schema = @Schema(implementation = SubscriptionView.Page.class)))
    @APIResponse(responseCode = "400", description = "Bad limit or continue token", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not platform staff", content = @Content(mediaType = PROBLEM))
    public SubscriptionView.Page list(
            @Parameter(description = "Only this organisation's own subscriptions") @QueryParam("organisation") String organisation,
            @Parameter(description = "Only this customer account's subscriptions") @QueryParam("customerAccount") String account,
            @Parameter(description = "Page size, 1-200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "Token from the previous page") @QueryParam("continue") String continueToken) {
        Page<SubscriptionDetails> page = subscriptions.list(caller.get(), organisation, account, PageLimit.parse(limit), continueToken);
        return new SubscriptionView.Page(page.items().stream().map(SubscriptionView::of).toList(), page.next());
    }

    @GET
    @Path("{id}")
    @RequiresPermission(Permission.BILLING_READ_ALL)
    @Operation(operationId = "getSubscription", summary = "Read a subscription", description = "Platform staff.")
    @APIResponse(responseCode = "200", description = "The subscription; ETag for If-Match",
            content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "403", description = "Not platform staff", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such subscription", content = @Content(mediaType = PROBLEM))
    public Response get(@Parameter(description = ID) @PathParam("id") String id) {
        SubscriptionDetails d = subscriptions.find(caller.get(), RequestValues.uuid(id, SubscriptionService.KIND));
        return Response.ok(SubscriptionView.of(d)).tag(ETags.of(d.subscription().version())).build();
    }

    @POST
    @Path("{id}/plan-changes")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.BILLING_OPERATE)
    @Audited(SubscriptionService.CHANGE_PLAN)
    @Operation(operationId = "changeSubscriptionPlan", summary = "Change a subscription's plan",
            description = "Platform admins. A plan with a higher monthly fee is an upgrade, in force from today; any other "
                    + "change is a downgrade, in force from the first day of next month. The currency must stay the same. "
                    + "While a change is scheduled, another one is refused (409).")
    @APIResponse(responseCode = "200", description = "Changed: which kind, and from when",
            content = @Content(schema = @Schema(implementation = SubscriptionView.PlanChangeView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields (unknown plan, other currency, same plan)",
            content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not a platform admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such subscription", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Ended, a change is already scheduled, or the plan changed today",
            content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "If-Match is stale", content = @Content(mediaType = PROBLEM))
    public Response changePlan(@Parameter(description = ID) @PathParam("id") String id,
            @Parameter(description = "The ETag you read") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            PlanChangeRequest body) {
        Long expected = ETags.expectedVersion(ifMatch);
        PlanChange c = subscriptions.changePlan(caller.get(), RequestValues.uuid(id, SubscriptionService.KIND), expected, body.plan(), body.planVersion());
        return Response.ok(SubscriptionView.PlanChangeView.of(c)).tag(ETags.of(c.subscription().subscription().version())).build();
    }

    @POST
    @Path("{id}/end")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.BILLING_OPERATE)
    @Audited(SubscriptionService.END)
    @Operation(operationId = "endSubscription", summary = "End a subscription", description = "Platform admins. endsOn is "
            + "exclusive and may not fall in an invoiced period.")
    @APIResponse(responseCode = "200", description = "Ended", content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "400", description = "Invalid endsOn", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not a platform admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such subscription", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Already ended", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "If-Match is stale", content = @Content(mediaType = PROBLEM))
    public Response end(@Parameter(description = ID) @PathParam("id") String id,
            @Parameter(description = "The ETag you read") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            SubscriptionEnd body) {
        Long expected = ETags.expectedVersion(ifMatch);
        SubscriptionDetails d = subscriptions.end(caller.get(), RequestValues.uuid(id, SubscriptionService.KIND), expected, body.endsOn());
        return Response.ok(SubscriptionView.of(d)).tag(ETags.of(d.subscription().version())).build();
    }
}
