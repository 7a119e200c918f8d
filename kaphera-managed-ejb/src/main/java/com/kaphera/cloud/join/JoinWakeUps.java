package com.kaphera.cloud.join;

import com.kaphera.cloud.governance.credentials.CredentialsIssued;
import com.kaphera.cloud.governance.membership.MembershipRequestChanged;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.UUID;

/**
 * Wakes the organisation's join into a dataspace when something it may wait for happened (the
 * authority decided; the wallet asked for, or received, its credential), in the transaction of that
 * change. A join waiting for a person runs again; a running one looks again now; either way its
 * wake-up count moves, so a worker that was deciding to wait at that moment looks again instead.
 */
@Stateless
public class JoinWakeUps {
    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    public void membershipChanged(@Observes MembershipRequestChanged changed) {
        wake(changed.organisation(), changed.dataspaceId());
    }

    public void credentialsIssued(@Observes CredentialsIssued issued) {
        wake(issued.organisation(), issued.dataspaceId());
    }

    private void wake(String organisation, UUID dataspaceId) {
        em.createNativeQuery("update join_flow set wakes = wakes + 1, state = 'running', waiting_for = null, "
                        + "next_attempt_at = now(), updated_at = now() where organisation = ?1 and dataspace_id = ?2 "
                        + "and state in ('running', 'awaiting-authority', 'awaiting-applicant')")
                .setParameter(1, organisation).setParameter(2, dataspaceId).executeUpdate();
    }
}
