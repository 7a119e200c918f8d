package com.kaphera.cloud.join;

import com.kaphera.cloud.audit.AuditEvent;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.billing.Metric;
import com.kaphera.cloud.billing.metering.UsageIngestion;
import com.kaphera.cloud.common.Times;
import com.kaphera.cloud.governance.Dataspace;
import com.kaphera.cloud.governance.membership.Member;
import com.kaphera.cloud.tenancy.Caller;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The join state machine's transaction boundaries. A worker {@link #claim claims} a due join (row
 * lock with SKIP LOCKED, a lease with an owner and an expiry, and a fencing token bumped), runs the
 * step, and {@link #record records} its outcome in a new transaction that first re-locks the row and
 * checks the fence: a worker whose lease was taken over records nothing, so each step's outcome,
 * its audit entry and its event are written exactly once. Transient failures are retried with
 * exponential backoff and jitter ({@code kaphera.join.retry-*}) up to {@code kaphera.join.max-attempts}.
 */
@Stateless
public class JoinEngine {
    public static final String STEP = "join.step";
    public static final String FAIL = "join.fail";
    static final Caller WORKER = Caller.system("join-worker");

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    /** This platform's authority; a remote one is asked by {@link JoinWorkers} with no transaction. */
    @EJB(beanName = "PlatformAuthority")
    DataspaceAuthority authority;

    @EJB
    AuditTrail audit;

    @EJB
    JoinEvents events;

    @EJB
    JoinMonitor metrics;

    @EJB
    UsageIngestion usage;

    @Inject
    @ConfigProperty(name = "kaphera.join.max-attempts", defaultValue = "8")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "kaphera.join.retry-base-millis", defaultValue = "1000")
    long retryBaseMillis;

    @Inject
    @ConfigProperty(name = "kaphera.join.retry-max-millis", defaultValue = "60000")
    long retryMaxMillis;

    @Inject
    @ConfigProperty(name = "kaphera.join.lease-seconds", defaultValue = "60")
    int leaseSeconds;

    /** A claimed join: its id, the fencing token of this claim and the wake-ups seen when claiming. */
    public record Claim(UUID id, long fence, long wakes) {
    }

    /** Claims the join that is due first and not leased, if any. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<Claim> claim(String owner) {
        @SuppressWarnings("unchecked")
        List<UUID> due = em.createNativeQuery("select id from join_flow where state = 'running' and next_attempt_at <= now() "
                + "and (lease_expires_at is null or lease_expires_at < now()) order by next_attempt_at limit 1 "
                + "for update skip locked", UUID.class).getResultList();
        if (due.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) em.createNativeQuery("update join_flow set lease_owner = ?1, lease_expires_at = now() "
                        + "+ make_interval(secs => ?2), fence = fence + 1 where id = ?3 returning fence, wakes")
                .setParameter(1, owner).setParameter(2, leaseSeconds).setParameter(3, due.get(0)).getSingleResult();
        return Optional.of(new Claim(due.get(0), ((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
    }

    /** A claimed join and its dataspace as read before the step runs (the step runs with no transaction). */
    public record Snapshot(JoinFlow join, Dataspace dataspace) {
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Snapshot snapshot(UUID id) {
        JoinFlow join = em.find(JoinFlow.class, id);
        Dataspace dataspace = em.find(Dataspace.class, join.dataspaceId());
        em.detach(join);
        em.detach(dataspace);
        return new Snapshot(join, dataspace);
    }

    /** Runs the request step (database only) inside the fenced transaction; false when the lease was lost. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean runRequestStep(Claim claim, String owner) {
        Fenced fenced = fenced(claim, owner);
        if (fenced == null) {
            return false;
        }
        JoinFlow join = fenced.join();
        Dataspace dataspace = em.find(Dataspace.class, join.dataspaceId());
        StepOutcome outcome = authority.membership(join, dataspace, join.detail(JoinSteps.DID), join.detail(JoinSteps.LEGAL_ENTITY));
        apply(join, dataspace, fenced.woken(), outcome);
        release(claim.id());
        return true;
    }

    /** Records what a step outside the database came to; false (nothing written) when the lease was lost. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean record(Claim claim, String owner, StepOutcome outcome) {
        Fenced fenced = fenced(claim, owner);
        if (fenced == null) {
            return false;
        }
        apply(fenced.join(), em.find(Dataspace.class, fenced.join().dataspaceId()), fenced.woken(), outcome);
        release(claim.id());
        return true;
    }

    /** Gives a lease back without recording anything (e.g. the join changed under the worker). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void abandon(Claim claim, String owner) {
        em.createNativeQuery("update join_flow set lease_owner = null, lease_expires_at = null where id = ?1 "
                + "and lease_owner = ?2 and fence = ?3").setParameter(1, claim.id()).setParameter(2, owner)
                .setParameter(3, claim.fence()).executeUpdate();
    }

    /** At start: leases an earlier run of this server held (it was killed) are given back at once. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int releaseLeasesOf(String serverPrefix) {
        return em.createNativeQuery("update join_flow set lease_owner = null, lease_expires_at = null "
                + "where lease_owner like ?1").setParameter(1, serverPrefix.replace("%", "") + "%").executeUpdate();
    }

    /** The join, locked, if this claim still holds it (null when someone else has taken it over), and whether it was woken meanwhile. */
    private Fenced fenced(Claim claim, String owner) {
        @SuppressWarnings("unchecked")
        List<Object[]> row = em.createNativeQuery("select fence, wakes from join_flow where id = ?1 and lease_owner = ?2 "
                + "for update").setParameter(1, claim.id()).setParameter(2, owner).getResultList();
        if (row.isEmpty() || ((Number) row.get(0)[0]).longValue() != claim.fence()) {
            metrics.leaseLost();
            return null;
        }
        // Locked from here on: a wake-up arriving now waits for this transaction, then the next claim sees it.
        boolean woken = ((Number) row.get(0)[1]).longValue() != claim.wakes();
        return new Fenced(em.find(JoinFlow.class, claim.id()), woken);
    }

    private record Fenced(JoinFlow join, boolean woken) {
    }

    private void release(UUID id) {
        em.flush();
        em.createNativeQuery("update join_flow set lease_owner = null, lease_expires_at = null where id = ?1")
                .setParameter(1, id).executeUpdate();
    }

    private void apply(JoinFlow join, Dataspace dataspace, boolean woken, StepOutcome outcome) {
        Instant now = Times.now();
        JoinStep step = join.currentStep();
        StepRecord before = join.record(step);
        JoinState stateBefore = join.state();
        if (outcome instanceof StepOutcome.Done done) {
            join.putDetails(done.details());
            if (step == JoinStep.READY) {
                publish(join, dataspace);
            }
            join.stepFinished(before.done(now, done.text()), now);
            metrics.stepFinished(step, before.startedAt(), now);
            audit.record(WORKER, join.organisation(), AuditEvent.success(STEP, "join", join.id().toString(), 200,
                    Json.createObjectBuilder().add("step", step.id()).add("status", StepRecord.DONE).build(),
                    "completed step '" + step.id() + "' of the join to '" + dataspace.displayName() + "': " + done.text()));
            events.record(join, dataspace, "step");
            if (join.state() == JoinState.SUCCEEDED) {
                metrics.succeeded(join.createdAt(), now);
                // Billed per join that succeeded, in the step's transaction: counted once, with the join.
                usage.recordOwn(join.organisation(), Metric.JOINS, BigDecimal.ONE, now, "join:" + join.id(),
                        dataspace.slug());
                events.record(join, dataspace, "state");
            }
        } else if (outcome instanceof StepOutcome.Working working) {
            join.putDetails(working.details());
            // Woken while this attempt ran (the credential arrived): look again now rather than after the wait.
            Instant when = woken ? now : now.plus(working.after());
            join.stillWorking(working.text(), when, now);
            if (!Objects.equals(before.text(), working.text()) || stateBefore != JoinState.RUNNING) {
                events.record(join, dataspace, "step");
            }
        } else if (outcome instanceof StepOutcome.AwaitPerson wait) {
            join.putDetails(wait.details());
            if (woken) {
                // Woken while this attempt ran (the authority decided, the wallet asked): look again now.
                join.stillWorking(before.text(), now, now);
                return;
            }
            join.awaitPerson(wait.state(), wait.who(), wait.text(), now);
            if (stateBefore != wait.state() || !Objects.equals(before.text(), wait.text())) {
                events.record(join, dataspace, "state");
            }
        } else if (outcome instanceof StepOutcome.Transient failure) {
            metrics.attemptFailed(step);
            if (join.attempt() + 1 >= maxAttempts) {
                failed(join, dataspace, step, failure.error(), "Gave up after " + maxAttempts + " attempts: "
                        + failure.error() + ". Fix the cause, then retry the join.", now);
            } else {
                join.attemptFailed(failure.error(), now.plus(backoff(join.attempt() + 1)), now);
                events.record(join, dataspace, "step");
            }
        } else if (outcome instanceof StepOutcome.Permanent failure) {
            failed(join, dataspace, step, failure.error(), failure.explanation(), now);
        }
    }

    private void failed(JoinFlow join, Dataspace dataspace, JoinStep step, String error, String explanation, Instant now) {
        join.failed(error, explanation, now);
        metrics.failed(step);
        audit.record(WORKER, join.organisation(), AuditEvent.success(FAIL, "join", join.id().toString(), 200,
                Json.createObjectBuilder().add("step", step.id()).add("error", error).build(),
                "the join to '" + dataspace.displayName() + "' failed at step '" + step.id() + "': " + explanation));
        events.record(join, dataspace, "state");
    }

    /** The connector's DSP endpoint goes into the dataspace's member discovery. */
    private void publish(JoinFlow join, Dataspace dataspace) {
        Member member = em.find(Member.class, new Member.Key(join.organisation(), dataspace.id()));
        String dsp = join.detail(JoinSteps.DSP);
        if (member != null && dsp != null && !dsp.isBlank()) {
            member.connectorAt(dsp);
        }
    }

    /** Exponential backoff with "equal jitter": half fixed, half random, capped. */
    Duration backoff(int attempt) {
        long exponential = retryBaseMillis * (1L << Math.min(attempt - 1, 20));
        long capped = Math.min(retryMaxMillis, exponential);
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
}
