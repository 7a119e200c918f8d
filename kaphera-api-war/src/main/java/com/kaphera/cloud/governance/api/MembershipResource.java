package com.kaphera.cloud.governance.api;

import com.kaphera.cloud.governance.membership.Member;
import com.kaphera.cloud.governance.membership.MembershipService;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.security.CurrentCaller;
import com.kaphera.cloud.web.security.RequiresPermission;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;

@RequestScoped
@Path("/api/v1/organisations/{org}/dataspaces")
public class MembershipResource implements MembershipApi {
    @EJB
    MembershipService memberships;

    @Inject
    CurrentCaller caller;

    @Override
    @RequiresPermission(Permission.MEMBERSHIPS_READ)
    public MemberView.MemberList memberships(String org) {
        return new MemberView.MemberList(memberships.memberships(caller.get(), org).stream()
                .map(m -> MemberView.of(m, memberships.dataspaceSlug(m))).toList());
    }

    @Override
    @RequiresPermission(Permission.MEMBERSHIPS_READ)
    public MemberView.MemberList members(String org, String dataspace) {
        return new MemberView.MemberList(memberships.fellowMembers(caller.get(), org, dataspace).stream()
                .map((Member m) -> MemberView.of(m, dataspace)).toList());
    }
}
