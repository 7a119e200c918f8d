package com.kaphera.cloud.governance.api;

import com.kaphera.cloud.audit.api.Audited;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.governance.membership.MembershipRequest;
import com.kaphera.cloud.governance.membership.MembershipService;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.ETags;
import com.kaphera.cloud.web.PageLimit;
import com.kaphera.cloud.web.PathNumbers;
import com.kaphera.cloud.web.json.JsonBodies;
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
@Path("/api/v1/organisations/{org}/membership-requests")
public class MembershipRequestResource implements MembershipRequestApi {
    @EJB
    MembershipService memberships;

    @Inject
    CurrentCaller caller;

    @Inject
    RequestViews views;

    @Context
    UriInfo uri;

    @Override
    @RequiresPermission(Permission.MEMBERSHIPS_APPLY)
    @Audited(MembershipService.APPLY)
    public Response apply(String org, MembershipApplication body) {
        MembershipRequest r = memberships.apply(caller.get(), org, JsonBodies.required(body).dataspace(), body.inputs());
        return Response.created(uri.getAbsolutePathBuilder().path(r.id().toString()).build())
                .tag(ETags.of(r.version())).entity(views.of(r)).build();
    }

    @Override
    @RequiresPermission(Permission.MEMBERSHIPS_READ)
    public MembershipRequestView.Page list(String org, String limit, String continueToken) {
        Page<MembershipRequest> page = memberships.listForOrganisation(caller.get(), org, PageLimit.parse(limit), continueToken);
        return new MembershipRequestView.Page(page.items().stream().map(views::of).toList(), page.next());
    }

    @Override
    @RequiresPermission(Permission.MEMBERSHIPS_READ)
    public Response get(String org, String id) {
        MembershipRequest r = memberships.getForOrganisation(caller.get(), org, id);
        return Response.ok(views.of(r)).tag(ETags.of(r.version())).build();
    }

    @Override
    @RequiresPermission(Permission.MEMBERSHIPS_APPLY)
    @Audited(MembershipService.CHANGE_INPUTS)
    public Response changeInputs(String org, String id, String ifMatch, InputsDocument inputs) {
        MembershipRequest r = memberships.changeInputs(caller.get(), org, id, JsonBodies.required(inputs).toDomain(), ETags.expectedVersion(ifMatch));
        return Response.ok(views.of(r)).tag(ETags.of(r.version())).build();
    }

    @Override
    @RequiresPermission(Permission.MEMBERSHIPS_APPLY)
    @Audited(MembershipService.RERUN)
    public MembershipRequestView rerun(String org, String id, String position) {
        return views.of(memberships.rerunAsApplicant(caller.get(), org, id, PathNumbers.positive(position, "position", "step")));
    }

    @Override
    @RequiresPermission(Permission.MEMBERSHIPS_APPLY)
    @Audited(MembershipService.WITHDRAW)
    public MembershipRequestView withdraw(String org, String id, Decision body) {
        return views.of(memberships.withdraw(caller.get(), org, id, body == null ? null : body.reason()));
    }
}
