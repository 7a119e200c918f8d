package com.kaphera.cloud.governance.api;

import com.kaphera.cloud.audit.api.Audited;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.governance.membership.MembershipRequest;
import com.kaphera.cloud.governance.membership.MembershipService;
import com.kaphera.cloud.governance.membership.RequestState;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.ETags;
import com.kaphera.cloud.web.PageLimit;
import com.kaphera.cloud.web.PathNumbers;
import com.kaphera.cloud.web.security.CurrentCaller;
import com.kaphera.cloud.web.security.RequiresPermission;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.List;

@RequestScoped
@Path("/api/v1/dataspaces/{dataspace}/membership-requests")
public class DataspaceRequestResource implements DataspaceRequestApi {
    @EJB
    MembershipService memberships;

    @Inject
    CurrentCaller caller;

    @Inject
    RequestViews views;

    @Override
    @RequiresPermission(Permission.GOVERNANCE_READ)
    public MembershipRequestView.Page list(String dataspace, String state, String limit, String continueToken) {
        Page<MembershipRequest> page = memberships.listForDataspace(caller.get(), dataspace, state(state),
                PageLimit.parse(limit), continueToken);
        return new MembershipRequestView.Page(page.items().stream().map(views::of).toList(), page.next());
    }

    @Override
    @RequiresPermission(Permission.GOVERNANCE_READ)
    public Response get(String dataspace, String id) {
        MembershipRequest r = memberships.getForDataspace(caller.get(), dataspace, id);
        return Response.ok(views.of(r)).tag(ETags.of(r.version())).build();
    }

    @Override
    @RequiresPermission(Permission.REQUESTS_DECIDE)
    @Audited(MembershipService.APPROVE)
    public Response approve(String dataspace, String id, String ifMatch, Decision body) {
        MembershipRequest r = memberships.approve(caller.get(), dataspace, id, body == null ? null : body.reason(),
                ETags.expectedVersion(ifMatch));
        return Response.ok(views.of(r)).tag(ETags.of(r.version())).build();
    }

    @Override
    @RequiresPermission(Permission.REQUESTS_DECIDE)
    @Audited(MembershipService.REJECT)
    public MembershipRequestView reject(String dataspace, String id, Decision body) {
        return views.of(memberships.reject(caller.get(), dataspace, id, body == null ? null : body.reason()));
    }

    @Override
    @RequiresPermission(Permission.REQUESTS_DECIDE)
    @Audited(MembershipService.RERUN)
    public MembershipRequestView rerun(String dataspace, String id, String position) {
        return views.of(memberships.rerunAsAuthority(caller.get(), dataspace, id, PathNumbers.positive(position, "position", "step")));
    }

    private static RequestState state(String state) {
        if (state == null) {
            return null;
        }
        try {
            return RequestState.fromId(state);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("The filter is not valid", List.of(new FieldError("state",
                    "must be submitted, validating, awaiting-approval, approved, rejected or withdrawn")));
        }
    }
}
