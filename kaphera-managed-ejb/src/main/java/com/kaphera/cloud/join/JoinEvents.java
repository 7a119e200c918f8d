package com.kaphera.cloud.join;

import com.kaphera.cloud.common.Times;
import com.kaphera.cloud.governance.Dataspace;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.UUID;

/**
 * The join's event log, written in the same transaction as the change it describes (so the tracker
 * never sees a change that was rolled back, and never misses one that was not).
 */
@Stateless
public class JoinEvents {
    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void record(JoinFlow join, Dataspace dataspace, String type) {
        em.flush(); // the view shows the join's revision after this change
        em.persist(new JoinEvent(join.id(), type, JoinView.of(join, dataspace.slug()).toString(), Times.now()));
    }

    /** Events of a join after {@code afterSeq}, oldest first, at most {@code limit}. */
    public List<JoinEvent> after(UUID join, long afterSeq, int limit) {
        return em.createQuery("select e from JoinEvent e where e.joinId = :j and e.seq > :s order by e.seq", JoinEvent.class)
                .setParameter("j", join).setParameter("s", afterSeq).setMaxResults(limit).getResultList();
    }
}
