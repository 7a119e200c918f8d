package com.kaphera.cloud.billing.api.invoices;

import com.kaphera.cloud.audit.api.Audited;
import com.kaphera.cloud.billing.invoices.BillingRun;
import com.kaphera.cloud.billing.invoices.BillingRunStore;
import com.kaphera.cloud.billing.invoices.BillingRuns;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.PageLimit;
import com.kaphera.cloud.web.RequestValues;
import com.kaphera.cloud.web.json.JsonBodies;
import com.kaphera.cloud.web.security.CurrentCaller;
import com.kaphera.cloud.web.security.RequiresPermission;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.StringReader;
import java.time.YearMonth;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Invoice runs for Kaphera operations: start one (or a dry run, or a rerun that only adds what is
 * missing), follow it, and see and release the subscriptions a run parked.
 */
@RequestScoped
@Path("/api/v1/billing")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Billing")
public class BillingRunResource {
    private static final String PROBLEM = OrganisationInvoiceResource.PROBLEM;

    @EJB
    BillingRuns runs;

    @EJB
    BillingRunStore store;

    @Inject
    CurrentCaller caller;

    @Context
    UriInfo uri;

    @POST
    @Path("runs")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.BILLING_OPERATE)
    @Audited(BillingRunStore.START)
    @Operation(operationId = "startBillingRun", summary = "Bill a month that has ended (or dry-run it)",
            description = "Platform admins. A real run answers 202 at once and bills in the background: one invoice per "
                    + "subscription and month, whatever runs before or beside it; a rerun only adds what is missing. A dry "
                    + "run answers 200 with what would be billed and stores nothing else.")
    @APIResponse(responseCode = "202", description = "Started; Location is the run", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "200", description = "The dry run's result", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", description = "Invalid or unfinished period", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not a platform admin", content = @Content(mediaType = PROBLEM))
    public Response start(RunRequest body) {
        RunRequest b = JsonBodies.required(body);
        YearMonth period = RequestValues.requiredMonth(b.period(), "period");
        BillingRun run = runs.start(caller.get(), period, Boolean.TRUE.equals(b.dryRun()));
        return Response.status(run.dryRun() ? 200 : 202).location(uri.getAbsolutePathBuilder().path(run.id().toString()).build())
                .entity(view(run)).build();
    }

    @GET
    @Path("runs")
    @RequiresPermission(Permission.BILLING_READ_ALL)
    @Operation(operationId = "listBillingRuns", summary = "Invoice runs, newest first", description = "Platform staff.")
    @APIResponse(responseCode = "200", description = "The runs", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", description = "Invalid limit", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not platform staff", content = @Content(mediaType = PROBLEM))
    public JsonObject list(@Parameter(description = "How many, 1-200 (default 50)") @QueryParam("limit") String limit) {
        Permission.BILLING_READ_ALL.require(caller.get());
        JsonArrayBuilder items = Json.createArrayBuilder();
        store.list(PageLimit.parse(limit)).forEach(r -> items.add(view(r)));
        return Json.createObjectBuilder().add("items", items).build();
    }

    @GET
    @Path("runs/{id}")
    @RequiresPermission(Permission.BILLING_READ_ALL)
    @Operation(operationId = "getBillingRun", summary = "One invoice run: state and summary", description = "Platform staff.")
    @APIResponse(responseCode = "200", description = "The run", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "403", description = "Not platform staff", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such run", content = @Content(mediaType = PROBLEM))
    public JsonObject get(@Parameter(description = "The run's id") @PathParam("id") String id) {
        return view(runs.find(caller.get(), RequestValues.uuid(id, "billing run")));
    }

    @GET
    @Path("parked")
    @RequiresPermission(Permission.BILLING_READ_ALL)
    @Operation(operationId = "listParkedSubscriptions", summary = "Subscriptions a run could not bill, with the reason",
            description = "Platform staff. Each waits for a person: fix the cause, then release it.")
    @APIResponse(responseCode = "200", description = "The parked subscriptions", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "403", description = "Not platform staff", content = @Content(mediaType = PROBLEM))
    public JsonObject parked() {
        Permission.BILLING_READ_ALL.require(caller.get());
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (Object[] r : store.parked()) {
            items.add(Json.createObjectBuilder().add("subscription", r[0].toString()).add("period", r[1].toString().substring(0, 7))
                    .add("reason", String.valueOf(r[2])).add("since", r[3].toString()));
        }
        return Json.createObjectBuilder().add("items", items).build();
    }

    @POST
    @Path("parked/{subscription}/{period}/release")
    @RequiresPermission(Permission.BILLING_OPERATE)
    @Audited("billing-work.release")
    @Operation(operationId = "releaseParkedSubscription", summary = "Send a parked subscription back to its month's run",
            description = "Platform admins. The schedule check (or this server at once) bills it.")
    @APIResponse(responseCode = "200", description = "Released", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", description = "Invalid period", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not a platform admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "Not parked for that month", content = @Content(mediaType = PROBLEM))
    public JsonObject release(@Parameter(description = "The subscription's id") @PathParam("subscription") String subscription,
            @Parameter(description = "The month, yyyy-MM") @PathParam("period") String period) {
        YearMonth month = RequestValues.requiredMonth(period, "period");
        if (!runs.release(caller.get(), RequestValues.uuid(subscription, "parked subscription"), month)) {
            throw new NotFoundException("parked subscription", subscription + "/" + period);
        }
        return Json.createObjectBuilder().add("subscription", subscription).add("period", month.toString()).add("state", "pending")
                .build();
    }

    private static JsonObject view(BillingRun r) {
        JsonObjectBuilder o = Json.createObjectBuilder().add("id", r.id().toString()).add("period", r.periodStart().toString()
                .substring(0, 7)).add("dryRun", r.dryRun()).add("trigger", r.trigger()).add("state", r.state())
                .add("startedBy", r.startedBy()).add("startedAt", r.startedAt().toString());
        if (r.finishedAt() != null) {
            o.add("finishedAt", r.finishedAt().toString());
        }
        if (r.summary() != null) {
            o.add("summary", Json.createReader(new StringReader(r.summary())).readObject());
        }
        return o.build();
    }
}
