package com.kaphera.cloud.billing.api.invoices;

import com.kaphera.cloud.account.CustomerAccountService;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A customer account's invoices (one invoice for all its organisations), for platform staff. */
@RequestScoped
@Path("/api/v1/customer-accounts/{account}/invoices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Billing")
public class AccountInvoiceResource {
    private static final String PROBLEM = OrganisationInvoiceResource.PROBLEM;

    @EJB
    InvoiceService invoices;

    @EJB
    CustomerAccountService accounts;

    @Inject
    CurrentCaller caller;

    @GET
    @RequiresPermission(Permission.BILLING_READ_ALL)
    @Operation(operationId = "listAccountInvoices", summary = "A customer account's invoices and credit notes, newest first",
            description = "Platform staff. An organisation's admins see the same invoices under their organisation.")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", description = "Invalid limit or continue", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not platform staff", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such account", content = @Content(mediaType = PROBLEM))
    public JsonObject list(@Parameter(description = "The account's slug") @PathParam("account") String account,
            @Parameter(description = "Page size, 1-200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "Token from the previous page") @QueryParam("continue") String continueToken) {
        return InvoiceRendering.page(invoices.listForAccount(caller.get(), accounts.find(caller.get(), account).id(),
                PageLimit.parse(limit), continueToken));
    }
}
