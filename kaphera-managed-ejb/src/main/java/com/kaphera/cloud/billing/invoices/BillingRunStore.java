package com.kaphera.cloud.billing.invoices;

import com.kaphera.cloud.audit.AuditEvent;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.common.Times;
import com.kaphera.cloud.persistence.Rows;
import com.kaphera.cloud.tenancy.Caller;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** The database side of invoice runs: starting (closing the period, creating the work), dry runs, finishing. */
@Stateless
public class BillingRunStore {
    public static final String START = "billing-run.start";
    static final String KIND = "billing run";
    private static final int DRY_RUN_CHUNK = 200;

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @EJB
    BillingInputs inputs;

    @EJB
    AuditTrail audit;

    /** The month's scheduled run, if no server started it yet (a unique index decides). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<BillingRun> startScheduled(YearMonth period) {
        int inserted = em.createNativeQuery("insert into billing_run (id, period_start, dry_run, trigger, started_by, started_at, "
                        + "state) values (:id, :p, false, 'schedule', :by, now(), 'running') on conflict do nothing")
                .setParameter("id", UUID.randomUUID()).setParameter("p", Date.valueOf(period.atDay(1)))
                .setParameter("by", BillingWork.RUN.subject()).executeUpdate();
        if (inserted == 0) {
            return Optional.empty();
        }
        em.flush();
        BillingRun run = em.createQuery("select r from BillingRun r where r.periodStart = :p and r.trigger = 'schedule' "
                + "and r.dryRun = false", BillingRun.class).setParameter("p", period.atDay(1)).getSingleResult();
        open(BillingWork.RUN, run, period);
        return Optional.of(run);
    }

    /** An operator's run (or rerun: it only adds what is missing) of {@code period}. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public BillingRun startManual(Caller caller, YearMonth period) {
        BillingRun run = new BillingRun(period.atDay(1), false, "manual", caller.subject(), Times.now());
        em.persist(run);
        open(caller, run, period);
        return run;
    }

    /**
     * Closes the period to usage (waits for ingestions in flight: they hold billing_close FOR SHARE),
     * then creates a work row for every subscription running in it that has none.
     */
    private void open(Caller caller, BillingRun run, YearMonth period) {
        em.createNativeQuery("update billing_close set closed_through = greatest(closed_through, :end) where id = 1")
                .setParameter("end", Date.valueOf(period.plusMonths(1).atDay(1))).executeUpdate();
        int added = em.createNativeQuery("insert into billing_work (subscription_id, period_start, state, updated_at) "
                        + "select id, :p, 'pending', now() from billing_subscription where starts_on < :end "
                        + "and (ends_on is null or ends_on > :p) on conflict do nothing")
                .setParameter("p", Date.valueOf(period.atDay(1))).setParameter("end", Date.valueOf(period.plusMonths(1).atDay(1)))
                .executeUpdate();
        audit.record(caller, AuditTrail.PLATFORM, AuditEvent.success(START, KIND, run.id().toString(), 202,
                Json.createObjectBuilder().add("period", period.toString()).add("trigger", run.trigger())
                        .add("subscriptionsAdded", added).build(),
                "started the invoice run for " + period + " (" + added + " subscription(s) to bill)"));
    }

    /** Computes every invoice of the period and stores only the run's summary. */
    public BillingRun dryRun(Caller caller, YearMonth period) {
        BillingRun run = new BillingRun(period.atDay(1), true, "manual", caller.subject(), Times.now());
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("select id from billing_subscription where starts_on < :end and (ends_on is null "
                        + "or ends_on > :p) and not exists (select 1 from invoice i where i.subscription_id = billing_subscription.id "
                        + "and i.period_start = :p and i.kind = 'invoice') order by id", UUID.class)
                .setParameter("p", Date.valueOf(period.atDay(1))).setParameter("end", Date.valueOf(period.plusMonths(1).atDay(1)))
                .getResultList();
        Map<String, BigDecimal> totals = new TreeMap<>();
        int invoices = 0;
        JsonArrayBuilder parked = Json.createArrayBuilder();
        int parkedCount = 0;
        for (int i = 0; i < ids.size(); i += DRY_RUN_CHUNK) {
            BillingInputs.Computed c = inputs.compute(ids.subList(i, Math.min(ids.size(), i + DRY_RUN_CHUNK)), period);
            for (BillingInputs.Billable b : c.billable()) {
                invoices++;
                totals.merge(b.result().currency(), b.result().total(), BigDecimal::add);
            }
            for (BillingInputs.Unbillable u : c.unbillable()) {
                if (parkedCount++ < 100) {
                    parked.add(Json.createObjectBuilder().add("subscription", u.subscriptionId().toString()).add("reason", u.reason()));
                }
            }
        }
        run.finish(summary(invoices, 0, parkedCount, 0, totals, parked).build().toString(), Times.now());
        em.persist(run);
        audit.record(caller, AuditTrail.PLATFORM, AuditEvent.success(START, KIND, run.id().toString(), 200,
                Json.createObjectBuilder().add("period", period.toString()).add("dryRun", true).build(),
                "dry-ran the invoice run for " + period + ": " + invoices + " invoice(s) would be issued"));
        return run;
    }

    private static JsonObjectBuilder summary(int invoices, int alreadyBilled, int parked, int waiting, Map<String, BigDecimal> totals,
            JsonArrayBuilder parkedList) {
        JsonObjectBuilder t = Json.createObjectBuilder();
        totals.forEach((currency, amount) -> t.add(currency, amount.toPlainString()));
        return Json.createObjectBuilder().add("invoices", invoices).add("alreadyBilled", alreadyBilled).add("parked", parked)
                .add("waiting", waiting).add("totals", t).add("parkedSubscriptions", parkedList);
    }

    /** Months with subscriptions waiting and no live lease: a run to resume. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<YearMonth> periodsWithClaimableWork() {
        List<YearMonth> periods = new ArrayList<>();
        for (Object o : em.createNativeQuery("select distinct period_start from billing_work where state = 'pending' "
                + "and (lease_expires_at is null or lease_expires_at < now())").getResultList()) {
            periods.add(YearMonth.from(Rows.date(o)));
        }
        return periods;
    }

    /** The latest real run of the period: the one invoices are attributed to. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public UUID currentRun(YearMonth period) {
        return em.createQuery("select r.id from BillingRun r where r.periodStart = :p and r.dryRun = false order by r.startedAt desc",
                UUID.class).setParameter("p", period.atDay(1)).setMaxResults(1).getResultStream().findFirst().orElse(null);
    }

    /** Finishes the period's running runs once nothing of it waits any more, with their summary. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void finishRuns(YearMonth period) {
        Date p = Date.valueOf(period.atDay(1));
        Object[] counts = (Object[]) em.createNativeQuery("select count(*) filter (where state = 'pending'), count(*) filter "
                + "(where state = 'parked') from billing_work where period_start = :p").setParameter("p", p).getSingleResult();
        long waiting = ((Number) counts[0]).longValue();
        if (waiting > 0) {
            return;
        }
        List<BillingRun> runs = em.createQuery("select r from BillingRun r where r.periodStart = :p and r.state = 'running'",
                BillingRun.class).setParameter("p", period.atDay(1)).getResultList();
        for (BillingRun run : runs) {
            Map<String, BigDecimal> totals = new TreeMap<>();
            int invoices = 0;
            for (Object o : em.createNativeQuery("select cast(currency as text), count(*), sum(total) from invoice where run_id = :r "
                    + "group by 1").setParameter("r", run.id()).getResultList()) {
                Object[] r = (Object[]) o;
                invoices += ((Number) r[1]).intValue();
                totals.put((String) r[0], ((BigDecimal) r[2]).setScale(2, java.math.RoundingMode.HALF_EVEN));
            }
            long all = ((Number) em.createNativeQuery("select count(*) from invoice where period_start = :p and kind = 'invoice'")
                    .setParameter("p", p).getSingleResult()).longValue();
            JsonArrayBuilder parkedList = Json.createArrayBuilder();
            for (Object o : em.createNativeQuery("select subscription_id, reason from billing_work where period_start = :p and "
                    + "state = 'parked' order by subscription_id limit 100").setParameter("p", p).getResultList()) {
                Object[] r = (Object[]) o;
                parkedList.add(Json.createObjectBuilder().add("subscription", r[0].toString()).add("reason", String.valueOf(r[1])));
            }
            run.finish(summary(invoices, (int) (all - invoices), ((Number) counts[1]).intValue(), 0, totals, parkedList).build().toString(),
                    Times.now());
        }
    }

    public Optional<BillingRun> find(UUID id) {
        return Optional.ofNullable(em.find(BillingRun.class, id));
    }

    /** Runs, newest first. */
    public List<BillingRun> list(int limit) {
        return em.createQuery("select r from BillingRun r order by r.startedAt desc", BillingRun.class).setMaxResults(limit)
                .getResultList();
    }

    /** Parked subscriptions of every period: what waits for a person. */
    public List<Object[]> parked() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select subscription_id, period_start, reason, updated_at from billing_work "
                + "where state = 'parked' order by period_start, subscription_id").getResultList();
        return rows;
    }

    /** Sends a parked subscription back to the run; true when it was parked. */
    public boolean release(Caller caller, UUID subscription, YearMonth period) {
        int n = em.createNativeQuery("update billing_work set state = 'pending', reason = null, updated_at = now() "
                        + "where subscription_id = :s and period_start = :p and state = 'parked'")
                .setParameter("s", subscription).setParameter("p", Date.valueOf(period.atDay(1))).executeUpdate();
        if (n == 1) {
            audit.record(caller, AuditTrail.PLATFORM, AuditEvent.success("billing-work.release", "parked subscription",
                    subscription + "/" + period, 200, Json.createObjectBuilder().add("period", period.toString()).build(),
                    "sent subscription " + subscription + " back to the invoice run for " + period));
        }
        return n == 1;
    }
}
