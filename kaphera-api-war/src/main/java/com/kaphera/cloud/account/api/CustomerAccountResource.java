package com.kaphera.cloud.account.api;

import com.kaphera.cloud.audit.api.Audited;
import com.kaphera.cloud.account.CustomerAccount;
import com.kaphera.cloud.account.CustomerAccountService;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.ETags;
import com.kaphera.cloud.web.PageLimit;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Customer accounts: platform data. Platform admins open them; platform staff read them. An
 * organisation joins an account through PATCH /api/v1/organisations/{org} (platform admins only).
 */
@RequestScoped
@Path("/api/v1/customer-accounts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customer accounts")
public class CustomerAccountResource {
    private static final String PROBLEM = "application/problem+json";

    @EJB
    CustomerAccountService accounts;

    @Inject
    CurrentCaller caller;

    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.ACCOUNTS_OPEN)
    @Audited(CustomerAccountService.OPEN)
    @Operation(operationId = "openCustomerAccount", summary = "Open a customer account", description = "Platform admins only.")
    @APIResponse(responseCode = "201", description = "Opened",
            content = @Content(schema = @Schema(implementation = CustomerAccountView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not a platform admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Slug taken", content = @Content(mediaType = PROBLEM))
    public Response open(CustomerAccountCreate body) {
        CustomerAccount account = accounts.open(caller.get(), body.slug(), body.displayName(), body.billingEmail());
        return Response.created(uri.getAbsolutePathBuilder().path(account.slug()).build())
                .tag(ETags.of(account.version()))
                .entity(CustomerAccountView.of(new CustomerAccountService.AccountWithOrganisations(account, List.of())))
                .build();
    }

    @GET
    @RequiresPermission(Permission.ACCOUNTS_READ)
    @Operation(operationId = "listCustomerAccounts", summary = "List customer accounts", description = "Platform staff. Slug order, with each "
            + "account's live organisations.")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(schema = @Schema(implementation = CustomerAccountList.class)))
    @APIResponse(responseCode = "403", description = "Not platform staff", content = @Content(mediaType = PROBLEM))
    public CustomerAccountList list(
            @Parameter(description = "Page size, 1-200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "Token from the previous page") @QueryParam("continue") String continueToken) {
        Page<CustomerAccountService.AccountWithOrganisations> page = accounts.list(caller.get(), PageLimit.parse(limit), continueToken);
        return new CustomerAccountList(page.items().stream().map(CustomerAccountView::of).toList(), page.next());
    }

    @GET
    @Path("{account}")
    @RequiresPermission(Permission.ACCOUNTS_READ)
    @Operation(operationId = "getCustomerAccount", summary = "Read a customer account", description = "Platform staff.")
    @APIResponse(responseCode = "200", description = "The account",
            content = @Content(schema = @Schema(implementation = CustomerAccountView.class)))
    @APIResponse(responseCode = "403", description = "Not platform staff", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such account", content = @Content(mediaType = PROBLEM))
    public CustomerAccountView get(@Parameter(description = "The account's slug") @PathParam("account") String account) {
        return CustomerAccountView.of(accounts.describe(caller.get(), account));
    }
}
