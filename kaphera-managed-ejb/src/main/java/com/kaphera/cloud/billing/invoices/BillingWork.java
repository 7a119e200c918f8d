package com.kaphera.cloud.billing.invoices;

import com.kaphera.cloud.audit.AuditEvent;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.common.Times;
import com.kaphera.cloud.tenancy.Caller;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Date;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The invoice run's units of work, each in a transaction of its own: claiming subscriptions to bill
 * (billing_work rows, FOR UPDATE SKIP LOCKED, with a lease), billing a claimed chunk, and parking one
 * that cannot be billed. Exactly once rests on two things: the unique index of one invoice per
 * subscription and period, and the work row being marked done in the same transaction as the invoice,
 * only while this owner still holds the lease.
 */
@Stateless
public class BillingWork {
    static final Caller RUN = Caller.system("billing-run");

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @EJB
    BillingInputs inputs;

    @EJB
    InvoiceNumbers numbers;

    @EJB
    AuditTrail audit;

    /** How long a claim holds: a server killed mid-run frees its subscriptions after this. */
    @Inject
    @ConfigProperty(name = "kaphera.billing.lease-seconds", defaultValue = "300")
    int leaseSeconds;

    /** Whether the run issues the invoices it creates (numbers them) or leaves drafts for a person to issue. */
    @Inject
    @ConfigProperty(name = "kaphera.billing.issue-on-run", defaultValue = "true")
    boolean issueOnRun;

    /** Lost the lease between claim and commit: another server bills these; this transaction rolls back. */
    @jakarta.ejb.ApplicationException(rollback = true)
    public static class LeaseLostException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LeaseLostException(UUID subscription) {
            super("lease on subscription " + subscription + " was taken over");
        }
    }

    /** Up to {@code max} subscriptions of {@code period} waiting to be billed and not leased, now leased to {@code owner}. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<UUID> claim(YearMonth period, String owner, int max) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("select subscription_id from billing_work where period_start = :p and state = 'pending' "
                        + "and (lease_expires_at is null or lease_expires_at < now()) order by subscription_id limit :n "
                        + "for update skip locked", UUID.class)
                .setParameter("p", Date.valueOf(period.atDay(1))).setParameter("n", max).getResultList();
        if (!ids.isEmpty()) {
            em.createNativeQuery("update billing_work set lease_owner = :o, lease_expires_at = now() + make_interval(secs => :s), "
                            + "attempts = attempts + 1, updated_at = now() where period_start = :p and subscription_id in (:ids)")
                    .setParameter("o", owner).setParameter("s", leaseSeconds).setParameter("p", Date.valueOf(period.atDay(1)))
                    .setParameter("ids", ids).executeUpdate();
        }
        return ids;
    }

    /**
     * Bills every claimed subscription of the chunk in one transaction: invoices created (and issued,
     * numbered in one block), work rows done, one audit entry per invoice. Any failure rolls the whole
     * chunk back; the caller then bills its subscriptions one by one to find and park the bad one.
     * Returns the invoices created.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<Invoice> bill(List<UUID> chunk, YearMonth period, String owner, UUID runId) {
        // Billed already (by a run whose work row was re-added): just done.
        List<UUID> toBill = new java.util.ArrayList<>(chunk);
        for (Object o : em.createNativeQuery("select subscription_id, id from invoice where kind = 'invoice' and period_start = :p "
                + "and subscription_id in (:ids)").setParameter("p", Date.valueOf(period.atDay(1))).setParameter("ids", chunk)
                .getResultList()) {
            Object[] r = (Object[]) o;
            toBill.remove((UUID) r[0]);
            done((UUID) r[0], period, owner, (UUID) r[1]);
        }
        BillingInputs.Computed computed = inputs.compute(toBill, period);
        Instant now = Times.now();
        List<Invoice> created = new java.util.ArrayList<>();
        for (BillingInputs.Billable b : computed.billable()) {
            Invoice invoice = Invoice.draft(b.party(), period, b.result(), runId, RUN.subject(), now);
            em.persist(invoice);
            created.add(invoice);
        }
        // Lines go in while the invoices are drafts (the database refuses lines of an issued one).
        em.flush();
        if (issueOnRun && !created.isEmpty()) {
            String[] n = numbers.take("INV", now.atZone(ZoneOffset.UTC).getYear(), created.size());
            for (int i = 0; i < created.size(); i++) {
                created.get(i).issue(n[i], now);
            }
        }
        for (Invoice invoice : created) {
            done(invoice.subscriptionId(), period, owner, invoice.id());
            audit.record(RUN, invoice.organisation() == null ? AuditTrail.PLATFORM : invoice.organisation(),
                    AuditEvent.success(InvoiceService.CREATE, InvoiceService.KIND, invoice.number() == null ? invoice.id().toString()
                            : invoice.number(), 201, Json.createObjectBuilder().add("period", period.toString())
                            .add("subscription", invoice.subscriptionId().toString()).add("total", invoice.total().toPlainString())
                            .add("currency", invoice.currency()).add("state", invoice.state()).build(),
                            (issueOnRun ? "issued" : "drafted") + " invoice " + (invoice.number() == null ? "" : invoice.number() + " ")
                                    + "for " + period + " to " + invoice.billedTo() + ": " + invoice.total().toPlainString() + " "
                                    + invoice.currency()));
        }
        for (BillingInputs.Unbillable u : computed.unbillable()) {
            park(u.subscriptionId(), period, owner, u.reason());
        }
        return created;
    }

    private void done(UUID subscription, YearMonth period, String owner, UUID invoice) {
        int updated = em.createNativeQuery("update billing_work set state = 'done', invoice_id = :i, lease_owner = null, "
                        + "lease_expires_at = null, reason = null, updated_at = now() where subscription_id = :s and period_start = :p "
                        + "and state = 'pending' and lease_owner = :o and lease_expires_at > now()")
                .setParameter("i", invoice).setParameter("s", subscription).setParameter("p", Date.valueOf(period.atDay(1)))
                .setParameter("o", owner).executeUpdate();
        if (updated != 1) {
            throw new LeaseLostException(subscription);
        }
    }

    /** Parks a subscription that cannot be billed: it waits for a person, with its reason. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void parkAlone(UUID subscription, YearMonth period, String owner, String reason) {
        park(subscription, period, owner, reason);
    }

    private void park(UUID subscription, YearMonth period, String owner, String reason) {
        em.createNativeQuery("update billing_work set state = 'parked', reason = :r, lease_owner = null, lease_expires_at = null, "
                        + "updated_at = now() where subscription_id = :s and period_start = :p and state = 'pending' and lease_owner = :o")
                .setParameter("r", reason.length() > 2000 ? reason.substring(0, 2000) : reason).setParameter("s", subscription)
                .setParameter("p", Date.valueOf(period.atDay(1))).setParameter("o", owner).executeUpdate();
    }

    /** Frees this owner's leases on subscriptions it did not bill (a chunk rolled back), so that they are claimed again at once. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void release(List<UUID> subscriptions, YearMonth period, String owner) {
        em.createNativeQuery("update billing_work set lease_owner = null, lease_expires_at = null where period_start = :p "
                        + "and subscription_id in (:ids) and lease_owner = :o and state = 'pending'")
                .setParameter("p", Date.valueOf(period.atDay(1))).setParameter("ids", subscriptions).setParameter("o", owner)
                .executeUpdate();
    }
}
