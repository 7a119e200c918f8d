package com.kaphera.cloud.organisation.api;

import com.kaphera.cloud.audit.api.Audited;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.organisation.Organisation;
import com.kaphera.cloud.organisation.OrganisationService;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.ETags;
import com.kaphera.cloud.web.PageLimit;
import com.kaphera.cloud.web.security.Authenticated;
import com.kaphera.cloud.web.security.CurrentCaller;
import com.kaphera.cloud.web.security.RequiresPermission;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

@RequestScoped
@Path("/api/v1/organisations")
public class OrganisationResource implements OrganisationApi {
    @EJB
    OrganisationService organisations;

    @Inject
    CurrentCaller caller;

    @Context
    UriInfo uri;

    @Override
    @RequiresPermission(Permission.ORGANISATIONS_CREATE)
    @Audited(OrganisationService.REGISTER)
    public Response create(OrganisationCreate body) {
        Organisation org = organisations.register(caller.get(), body.toCommand());
        return Response.created(uri.getAbsolutePathBuilder().path(org.slug()).build())
                .tag(ETags.of(org.version())).entity(OrganisationView.of(org)).build();
    }

    @Override
    @Authenticated
    public OrganisationList list(String limit, String continueToken) {
        Page<Organisation> page = organisations.list(caller.get(), PageLimit.parse(limit), continueToken);
        return new OrganisationList(page.items().stream().map(OrganisationView::of).toList(), page.next());
    }

    @Override
    @RequiresPermission(Permission.ORGANISATION_READ)
    public Response get(String org) {
        return view(organisations.find(caller.get(), org));
    }

    @Override
    @RequiresPermission(Permission.ORGANISATION_UPDATE)
    @Audited(OrganisationService.UPDATE)
    public Response update(String org, String ifMatch, OrganisationPatch patch) {
        return view(organisations.describe(caller.get(), org, ETags.expectedVersion(ifMatch), patch.toChanges()));
    }

    @Override
    @RequiresPermission(Permission.ORGANISATIONS_DELETE)
    @Audited(OrganisationService.DELETE)
    public Response delete(String org, String ifMatch) {
        organisations.delete(caller.get(), org, ETags.expectedVersion(ifMatch));
        return Response.noContent().build();
    }

    private static Response view(Organisation org) {
        return Response.ok(OrganisationView.of(org)).tag(ETags.of(org.version())).build();
    }
}
