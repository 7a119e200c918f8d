package com.kaphera.cloud.governance.credentials;

import com.kaphera.cloud.common.Times;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.governance.Dataspace;
import com.kaphera.cloud.governance.credentials.dcp.StatusEntry;
import com.kaphera.cloud.governance.credentials.dcp.StatusListCredential;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The dataspaces' revocation lists (W3C Bitstring Status List): a bit per credential, allocated in
 * order under a row lock; the list credential is signed on each request, valid for a short while so
 * that verifiers (EDC caches until expiry) notice a revocation soon.
 */
@Stateless
public class StatusLists {
    /** How long verifiers may cache a status list credential before fetching it again. */
    static final Duration FRESHNESS = Duration.ofMinutes(5);

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @Inject
    IssuerEndpoints endpoints;

    @EJB
    IssuerKeys keys;

    /** The dataspace's first list, created with it (so that concurrent first issuances find one to lock). */
    public void createFirst(Dataspace dataspace) {
        em.persist(new StatusList(dataspace.id(), "0001", Times.now()));
    }

    /** A fresh status entry for a credential about to be issued. */
    public StatusEntry allocate(Dataspace dataspace) {
        List<StatusList> lists = em.createQuery("select s from StatusList s where s.dataspaceId = :d order by s.listId desc",
                StatusList.class).setParameter("d", dataspace.id()).setMaxResults(1)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        Instant now = Times.now();
        StatusList list = lists.isEmpty() ? null : lists.get(0);
        int index = list == null ? -1 : list.allocate(now);
        if (index < 0) {
            // A full list: serialise starting the next one on the dataspace's row.
            em.refresh(dataspace, LockModeType.PESSIMISTIC_WRITE);
            String next = String.format("%04d", list == null ? 1 : Integer.parseInt(list.listId()) + 1);
            list = new StatusList(dataspace.id(), next, now);
            em.persist(list);
            index = list.allocate(now);
        }
        return StatusEntry.revocation(endpoints.statusList(dataspace.slug(), list.listId()), index);
    }

    public void revoke(Dataspace dataspace, String listId, int index) {
        StatusList list = em.find(StatusList.class, new StatusList.Key(dataspace.id(), listId), LockModeType.PESSIMISTIC_WRITE);
        list.revoke(index, Times.now());
    }

    /** The signed status list credential (VC-JWT), as served publicly for {@code application/vc+jwt}. */
    public String credential(Dataspace dataspace, String listId) {
        StatusList list = find(dataspace, listId);
        Instant now = Instant.now();
        return StatusListCredential.issue(keys.signingKey(dataspace), endpoints.statusList(dataspace.slug(), listId),
                StatusEntry.REVOCATION, list.list(), now, now.plus(FRESHNESS));
    }

    /**
     * The same list as plain JSON: what EDC 0.15 connectors read (they parse the download as JSON and
     * check no signature; reading the signed form came in EDC 0.16).
     */
    public String credentialJson(Dataspace dataspace, String listId) {
        StatusList list = find(dataspace, listId);
        Instant now = Instant.now();
        return StatusListCredential.json(endpoints.did(dataspace.slug()), endpoints.statusList(dataspace.slug(), listId),
                StatusEntry.REVOCATION, list.list(), now, now.plus(FRESHNESS)).toString();
    }

    private StatusList find(Dataspace dataspace, String listId) {
        StatusList list = em.find(StatusList.class, new StatusList.Key(dataspace.id(), listId));
        if (list == null) {
            throw new NotFoundException("status list", dataspace.slug() + "/" + listId);
        }
        return list;
    }

}
