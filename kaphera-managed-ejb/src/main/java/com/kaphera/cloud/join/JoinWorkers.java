package com.kaphera.cloud.join;

import com.kaphera.cloud.edition.Feature;
import com.kaphera.cloud.edition.Features;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Drives joins on every server: a non-persistent timer ({@code kaphera.join.poll-millis}) keeps up to
 * {@code kaphera.join.workers} workers busy, each claiming due joins until none is left. Durability is
 * the database's (a join's state and schedule are its row), not the timer's: a server killed at any
 * point leaves a lease that expires ({@code kaphera.join.lease-seconds}) or, when the same server
 * starts again, is released at once; another server or the restarted one then re-runs the step, which
 * is idempotent. A second timer reports stuck joins (running, overdue, unleased) every minute.
 */
@Singleton
@Startup
@jakarta.ejb.DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class JoinWorkers {
    private static final Logger LOG = Logger.getLogger(JoinWorkers.class.getName());
    private static final int PER_WORKER_RUN = 200;

    @Resource
    TimerService timers;

    @Resource
    ManagedExecutorService executor;

    @EJB
    JoinEngine engine;

    @EJB
    JoinSteps steps;

    @EJB
    JoinMonitor monitor;

    /** A dataspace hosted elsewhere: asked over HTTP with no transaction open (the record follows, fenced). */
    @Inject
    RemoteAuthority remoteAuthority;

    @Inject
    Features features;

    @Inject
    @ConfigProperty(name = "kaphera.join.poll-millis", defaultValue = "500")
    long pollMillis;

    @Inject
    @ConfigProperty(name = "kaphera.join.workers", defaultValue = "8")
    int workers;

    /** TEST ONLY: halt the JVM (as kill -9 would) right after this step acted, before its outcome is recorded. */
    @Inject
    @ConfigProperty(name = "kaphera.join.test.crash-after-step")
    Optional<String> crashAfter;

    private final AtomicInteger active = new AtomicInteger();
    /** Workers inside a step (a ready step may watch for up to kaphera.join.ready-watch-seconds). */
    private final AtomicInteger stepping = new AtomicInteger();
    private volatile boolean released;
    private volatile boolean idle = true;
    /** This server's lease owner prefix (stable across restarts) and this run's owner id. */
    private String serverPrefix;
    private String owner;

    @PostConstruct
    void start() {
        if (!features.isEnabled(Feature.JOINS)) {
            return;
        }
        serverPrefix = com.kaphera.cloud.common.ServerInstance.name() + "/";
        owner = serverPrefix + UUID.randomUUID();
        crashAfter.ifPresent(step -> LOG.warning("TEST ONLY: kaphera.join.test.crash-after-step=" + step
                + ": this server halts after that step acts. Never set this outside the tests."));
        if (pollMillis > 0) {
            LOG.info("Join workers: " + workers + " on this server, lease owner " + owner + ", polling every " + pollMillis + " ms");
            timers.createIntervalTimer(pollMillis, pollMillis, new TimerConfig("join-workers", false));
            timers.createIntervalTimer(60_000, 60_000, new TimerConfig("join-stuck-report", false));
        }
    }

    @Timeout
    void tick(Timer timer) {
        if ("join-stuck-report".equals(timer.getInfo())) {
            long stuck = monitor.getStuck();
            if (stuck > 0) {
                LOG.warning(stuck + " join(s) are running but overdue by more than five minutes with no worker on them: "
                        + "see GET /api/v1/fleet/joins?state=running or the MBean " + JoinMonitor.OBJECT_NAME);
            }
            return;
        }
        if (!released && !releaseEarlierLeases()) {
            return; // the database is not there (or not migrated) yet
        }
        // Idle (the last claim found nothing): one worker free to claim, besides those inside a long step
        // (a join that watches for its connector must not hold up a new join's first step); busy: all of them.
        while (active.get() < workers && (!idle || active.get() - stepping.get() < 1)) {
            active.incrementAndGet();
            try {
                executor.execute(this::work);
            } catch (RejectedExecutionException e) {
                active.decrementAndGet();
                return;
            }
        }
    }

    /** Gives back at once the leases an earlier run of this server held when it was killed. */
    private boolean releaseEarlierLeases() {
        try {
            int count = engine.releaseLeasesOf(serverPrefix);
            if (count > 0) {
                LOG.info("Released " + count + " join lease(s) held by an earlier run of this server");
            }
            released = true;
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Join leases not released yet: {0}", e.toString());
        }
        return released;
    }

    /** Claims and runs due joins until none is left (or a bounded number, so that threads come back). */
    private void work() {
        try {
            for (int i = 0; i < PER_WORKER_RUN; i++) {
                Optional<JoinEngine.Claim> claim = engine.claim(owner);
                if (claim.isEmpty()) {
                    idle = true;
                    return;
                }
                idle = false;
                stepping.incrementAndGet();
                try {
                    runClaimed(claim.get());
                } finally {
                    stepping.decrementAndGet();
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Join worker paused until the next tick: {0}", e.toString());
        } finally {
            active.decrementAndGet();
        }
    }

    private void runClaimed(JoinEngine.Claim claim) {
        JoinEngine.Snapshot snapshot = engine.snapshot(claim.id());
        JoinStep step = snapshot.join().currentStep();
        if (step == JoinStep.REQUEST && snapshot.dataspace().isRemote()) {
            StepOutcome outcome;
            try {
                JoinFlow join = snapshot.join();
                outcome = remoteAuthority.membership(join, snapshot.dataspace(), join.detail(JoinSteps.DID),
                        join.detail(JoinSteps.LEGAL_ENTITY));
            } catch (IllegalStateException e) {
                outcome = new StepOutcome.Permanent(e.getMessage(), "The platform is not set up for this: " + e.getMessage());
            } catch (RuntimeException e) {
                // The remote platform away or failing, a timeout, an open circuit: worth another attempt.
                outcome = new StepOutcome.Transient(describe(e));
            }
            crashIfAsked(step);
            engine.record(claim, owner, outcome);
            return;
        }
        if (step == JoinStep.REQUEST) {
            try {
                engine.runRequestStep(claim, owner);
            } catch (com.kaphera.cloud.common.DomainException refused) {
                // The authority's rules refused the request (rolled back): a failure a person must act on.
                engine.record(claim, owner, new StepOutcome.Permanent(refused.getMessage(), "The membership request was "
                        + "refused: " + refused.getMessage() + (refused instanceof com.kaphera.cloud.common.InvalidInputException
                        i ? " " + i.errors() : "") + " Fix it, then retry this join."));
            }
            crashIfAsked(step);
            return;
        }
        StepOutcome outcome;
        try {
            outcome = steps.run(snapshot.join(), snapshot.dataspace());
        } catch (CrdConnectors.ConnectorConflictException e) {
            outcome = new StepOutcome.Permanent(e.getMessage(), e.getMessage());
        } catch (IllegalStateException e) {
            outcome = new StepOutcome.Permanent(e.getMessage(), "The platform is not set up for this: " + e.getMessage());
        } catch (com.kaphera.cloud.common.InvalidInputException e) {
            outcome = new StepOutcome.Permanent(e.getMessage() + " " + e.errors(), "A resource for your connector was refused: "
                    + e.errors());
        } catch (RuntimeException e) {
            // Kubernetes or the wallet away, a timeout, an open circuit: worth another attempt.
            outcome = new StepOutcome.Transient(describe(e));
        }
        crashIfAsked(step);
        engine.record(claim, owner, outcome);
    }

    private void crashIfAsked(JoinStep step) {
        if (crashAfter.filter(step.id()::equals).isPresent()) {
            LOG.severe("TEST ONLY: halting after step '" + step.id() + "' as kaphera.join.test.crash-after-step asks");
            Runtime.getRuntime().halt(137);
        }
    }

    private static String describe(RuntimeException e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof jakarta.ejb.EJBException)) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
