package com.kaphera.cloud.governance.api;

import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.governance.membership.MembershipRequest;
import com.kaphera.cloud.governance.membership.MembershipService;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import java.util.List;

/** Maps requests to their view (the dataspace is shown by slug) and parses step positions. */
@RequestScoped
public class RequestViews {
    @EJB
    MembershipService memberships;

    MembershipRequestView of(MembershipRequest r) {
        return MembershipRequestView.of(r, memberships.dataspaceSlug(r));
    }

    static int position(String position) {
        try {
            int n = Integer.parseInt(position);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // one error below
        }
        throw new InvalidInputException("The step is not valid", List.of(new FieldError("position", "must be a step position, from 1")));
    }
}
