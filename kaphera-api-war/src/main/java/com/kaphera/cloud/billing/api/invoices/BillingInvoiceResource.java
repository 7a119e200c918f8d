package com.kaphera.cloud.billing.api.invoices;

import com.kaphera.cloud.audit.api.Audited;
import com.kaphera.cloud.billing.invoices.Invoice;
import com.kaphera.cloud.billing.invoices.InvoiceService;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.PageLimit;
import com.kaphera.cloud.web.RequestValues;
import com.kaphera.cloud.web.json.JsonBodies;
import com.kaphera.cloud.web.security.CurrentCaller;
import com.kaphera.cloud.web.security.RequiresPermission;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Every invoice, for Kaphera operations: read (platform staff), issue, pay, void and credit (platform admins). */
@RequestScoped
@Path("/api/v1/billing/invoices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Billing")
public class BillingInvoiceResource {
    private static final String PROBLEM = OrganisationInvoiceResource.PROBLEM;

    @EJB
    InvoiceService invoices;

    @Inject
    CurrentCaller caller;

    @Context
    UriInfo uri;

    @GET
    @RequiresPermission(Permission.BILLING_READ_ALL)
    @Operation(operationId = "listInvoices", summary = "All invoices and credit notes, newest first", description = "Platform staff.")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", description = "Invalid period, limit or continue", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not platform staff", content = @Content(mediaType = PROBLEM))
    public JsonObject list(@Parameter(description = "Only this month, yyyy-MM") @QueryParam("period") String period,
            @Parameter(description = "Page size, 1-200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "Token from the previous page") @QueryParam("continue") String continueToken) {
        return InvoiceRendering.page(invoices.listAll(caller.get(), RequestValues.month(period, "period"), PageLimit.parse(limit), continueToken));
    }

    @GET
    @Path("{id}")
    @Produces({MediaType.APPLICATION_JSON, "text/csv", "text/html"})
    @RequiresPermission(Permission.BILLING_READ_ALL)
    @Operation(operationId = "getInvoice", summary = "One invoice or credit note: JSON, CSV or HTML", description = "Platform staff.")
    @APIResponse(responseCode = "200", description = "The invoice", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)),
        @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)),
        @Content(mediaType = "text/html", schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "Unknown format", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not platform staff", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such invoice", content = @Content(mediaType = PROBLEM))
    public Response get(@Parameter(description = "The invoice's id") @PathParam("id") String id,
            @Parameter(description = "json (default), csv or html") @QueryParam("format") String format) {
        Invoice invoice = invoices.get(caller.get(), InvoiceRendering.id(id));
        return InvoiceRendering.render(invoice, format, invoices.creditNotesOf(invoice));
    }

    @POST
    @Path("{id}/issue")
    @RequiresPermission(Permission.BILLING_OPERATE)
    @Audited(InvoiceService.ISSUE)
    @Operation(operationId = "issueInvoice", summary = "Issue a draft: it gets the next number and is frozen", description = "Platform admins.")
    @APIResponse(responseCode = "200", description = "The issued invoice", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "403", description = "Not a platform admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such invoice", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Not a draft", content = @Content(mediaType = PROBLEM))
    public JsonObject issue(@Parameter(description = "The invoice's id") @PathParam("id") String id) {
        return InvoiceRendering.summary(invoices.issue(caller.get(), InvoiceRendering.id(id))).build();
    }

    @POST
    @Path("{id}/pay")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.BILLING_OPERATE)
    @Audited(InvoiceService.PAY)
    @Operation(operationId = "payInvoice", summary = "Record that an issued invoice was paid", description = "Platform admins.")
    @APIResponse(responseCode = "200", description = "The paid invoice", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", description = "Invalid paidAt", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not a platform admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such invoice", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Not issued (a draft, paid or void)", content = @Content(mediaType = PROBLEM))
    public JsonObject pay(@Parameter(description = "The invoice's id") @PathParam("id") String id, InvoiceAction body) {
        InvoiceAction b = body == null ? new InvoiceAction(null, null, null) : body;
        return InvoiceRendering.summary(invoices.pay(caller.get(), InvoiceRendering.id(id), b.paidAtValue())).build();
    }

    @POST
    @Path("{id}/void")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.BILLING_OPERATE)
    @Audited(InvoiceService.VOID)
    @Operation(operationId = "voidInvoice", summary = "Void an issued, unpaid invoice, with the reason",
            description = "Platform admins. A paid invoice is corrected with a credit note instead.")
    @APIResponse(responseCode = "200", description = "The void invoice", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", description = "No reason", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not a platform admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such invoice", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Not issued", content = @Content(mediaType = PROBLEM))
    public JsonObject voidInvoice(@Parameter(description = "The invoice's id") @PathParam("id") String id, InvoiceAction body) {
        return InvoiceRendering.summary(invoices.voidInvoice(caller.get(), InvoiceRendering.id(id), JsonBodies.required(body).reason()))
                .build();
    }

    @POST
    @Path("{id}/credit-notes")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.BILLING_OPERATE)
    @Audited(InvoiceService.CREDIT)
    @Operation(operationId = "creditInvoice", summary = "Credit an issued or paid invoice, in whole or in part",
            description = "Platform admins. The credit note is issued at once with its own number (CN-yyyy-nnnnnn).")
    @APIResponse(responseCode = "201", description = "The credit note", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", description = "No reason, or an invalid amount", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not a platform admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such invoice", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Not issued or paid, or credited in part already (full credit)",
            content = @Content(mediaType = PROBLEM))
    public Response credit(@Parameter(description = "The invoice's id") @PathParam("id") String id, InvoiceAction body) {
        InvoiceAction b = JsonBodies.required(body);
        Invoice note = invoices.credit(caller.get(), InvoiceRendering.id(id), b.reason(), b.amountValue());
        return Response.created(uri.getBaseUriBuilder().path("api/v1/billing/invoices").path(note.id().toString()).build())
                .entity(InvoiceRendering.json(note, java.util.List.of())).build();
    }
}
