package com.kaphera.cloud.fleet;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;

/**
 * The fleet view for Kaphera operations: figures across every organisation. Managed edition only;
 * connector and infrastructure status join it once the resource API lands.
 */
@Stateless
public class FleetService {
    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    public FleetSummary summary() {
        Object[] counts = em.createQuery("select count(o), count(o.deletedAt), max(o.createdAt) from Organisation o",
                Object[].class).getSingleResult();
        long all = ((Number) counts[0]).longValue();
        long deleted = ((Number) counts[1]).longValue();
        return new FleetSummary(all - deleted, deleted, (Instant) counts[2], Instant.now());
    }

    /** {@code newestRegistration} is null while the platform has no organisation. */
    public record FleetSummary(long liveOrganisations, long deletedOrganisations, Instant newestRegistration,
            Instant generatedAt) {
    }
}
