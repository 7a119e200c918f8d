package com.kaphera.cloud.governance.api;

import com.kaphera.cloud.governance.membership.MembershipRequest;
import com.kaphera.cloud.governance.membership.MembershipService;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;

/** Maps requests to their view (the dataspace is shown by slug). */
@RequestScoped
public class RequestViews {
    @EJB
    MembershipService memberships;

    MembershipRequestView of(MembershipRequest r) {
        return MembershipRequestView.of(r, memberships.dataspaceSlug(r));
    }

}
