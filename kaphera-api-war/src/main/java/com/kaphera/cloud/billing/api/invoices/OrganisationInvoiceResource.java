package com.kaphera.cloud.billing.api.invoices;

import com.kaphera.cloud.billing.invoices.Invoice;
import com.kaphera.cloud.billing.invoices.InvoiceService;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.PageLimit;
import com.kaphera.cloud.web.security.CurrentCaller;
import com.kaphera.cloud.web.security.RequiresPermission;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An organisation's invoices and credit notes (its own subscription's and its customer account's):
 * organisation admins and platform support only — viewers see the preview, not invoices.
 */
@RequestScoped
@Path("/api/v1/organisations/{org}/invoices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Billing")
public class OrganisationInvoiceResource {
    static final String PROBLEM = "application/problem+json";

    @EJB
    InvoiceService invoices;

    @Inject
    CurrentCaller caller;

    @GET
    @RequiresPermission(Permission.BILLING_MANAGE)
    @Operation(operationId = "listOrganisationInvoices", summary = "The organisation's invoices and credit notes, newest first",
            description = "Organisation admins. Drafts are not shown.")
    @APIResponse(responseCode = "200", description = "One page: items and continue", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", description = "Invalid limit or continue", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not an admin of the organisation", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such organisation, or not yours", content = @Content(mediaType = PROBLEM))
    public JsonObject list(@Parameter(description = "The organisation's slug") @PathParam("org") String org,
            @Parameter(description = "Page size, 1-200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "Token from the previous page") @QueryParam("continue") String continueToken) {
        return InvoiceRendering.page(invoices.listForOrganisation(caller.get(), org, PageLimit.parse(limit), continueToken));
    }

    @GET
    @Path("{id}")
    @Produces({MediaType.APPLICATION_JSON, "text/csv", "text/html"})
    @RequiresPermission(Permission.BILLING_MANAGE)
    @Operation(operationId = "getOrganisationInvoice", summary = "One invoice: JSON, CSV or a readable HTML page",
            description = "Organisation admins. ?format=json (default), csv or html.")
    @APIResponse(responseCode = "200", description = "The invoice", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)),
        @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)),
        @Content(mediaType = "text/html", schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "Unknown format", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not an admin of the organisation", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such invoice of this organisation, or not yours",
            content = @Content(mediaType = PROBLEM))
    public Response get(@Parameter(description = "The organisation's slug") @PathParam("org") String org,
            @Parameter(description = "The invoice's id") @PathParam("id") String id,
            @Parameter(description = "json (default), csv or html") @QueryParam("format") String format) {
        Invoice invoice = invoices.getForOrganisation(caller.get(), org, InvoiceRendering.id(id));
        return InvoiceRendering.render(invoice, format, invoices.creditNotesOf(invoice));
    }
}
