package com.kaphera.cloud.fleet;

import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/**
 * The fleet view for Kaphera operations: figures across every organisation. Managed edition only;
 * connector and infrastructure status join it once the resource API lands.
 */
@Stateless
public class FleetService {
    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    public FleetSummary summary(Caller caller) {
        Permission.FLEET_READ.require(caller);
        Object[] counts = em.createQuery("select count(o), count(o.deletedAt), max(o.createdAt) from Organisation o",
                Object[].class).getSingleResult();
        long all = ((Number) counts[0]).longValue();
        long deleted = ((Number) counts[1]).longValue();
        List<AccountGroup> byAccount = em.createQuery("select a.slug, count(o) from Organisation o "
                        + "left join o.customerAccount a where o.deletedAt is null group by a.slug order by a.slug",
                        Object[].class)
                .getResultStream()
                .map(r -> new AccountGroup((String) r[0], ((Number) r[1]).longValue()))
                .toList();
        return new FleetSummary(all - deleted, deleted, (Instant) counts[2], byAccount, Instant.now());
    }

    /**
     * {@code newestRegistration} is null while the platform has no organisation; {@code byAccount}
     * counts live organisations per customer account (account null: not assigned to one).
     */
    public record FleetSummary(long liveOrganisations, long deletedOrganisations, Instant newestRegistration,
            List<AccountGroup> byAccount, Instant generatedAt) {
    }

    public record AccountGroup(String account, long liveOrganisations) {
    }
}
