package com.kaphera.cloud.billing.invoices;

import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.Failures;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.edition.Feature;
import com.kaphera.cloud.edition.Features;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs invoice runs: started by operations (POST /api/v1/billing/runs) or by the monthly schedule,
 * worked through by this server in the background in chunks ({@link BillingWork}), and resumed by any
 * server whose schedule check finds subscriptions of a period still waiting with no live lease (a
 * server killed mid-run). A subscription that fails is parked with its reason, not retried.
 *
 * <p>The schedule is a check every few minutes, not a persistent EJB timer: "has the last month ended
 * without a scheduled run?" is answered from billing_run (one scheduled run per month, by a unique
 * index), so any server, after any restart, starts the month's run exactly once and finishes what
 * another left (docs/billing.md says why).
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class BillingRuns {
    private static final Logger LOG = Logger.getLogger(BillingRuns.class.getName());

    @Resource
    TimerService timers;

    @Resource
    ManagedExecutorService executor;

    @EJB
    BillingWork work;

    @EJB
    BillingRunStore store;

    @EJB
    BillingMonitor monitor;

    @Inject
    Features features;

    @Inject
    @ConfigProperty(name = "kaphera.billing.chunk", defaultValue = "50")
    int chunk;

    /** Chunks this server bills at once in a run (claims skip each other's rows). */
    @Inject
    @ConfigProperty(name = "kaphera.billing.run-threads", defaultValue = "2")
    int runThreads;

    /** Whether this server starts last month's run by itself once the month is over. */
    @Inject
    @ConfigProperty(name = "kaphera.billing.monthly-run", defaultValue = "true")
    boolean monthlyRun;

    @Inject
    @ConfigProperty(name = "kaphera.billing.check-seconds", defaultValue = "300")
    long checkSeconds;

    /** TEST ONLY: halt the JVM (as kill -9 would) after this many chunks of a run committed. */
    @Inject
    @ConfigProperty(name = "kaphera.billing.test.crash-after-chunks")
    Optional<Integer> crashAfterChunks;

    private final Set<YearMonth> working = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicInteger chunksDone = new java.util.concurrent.atomic.AtomicInteger();
    private String owner;

    @PostConstruct
    void start() {
        if (!features.isEnabled(Feature.BILLING)) {
            return;
        }
        owner = com.kaphera.cloud.common.ServerInstance.name() + "/" + UUID.randomUUID();
        crashAfterChunks.ifPresent(n -> LOG.warning("TEST ONLY: kaphera.billing.test.crash-after-chunks=" + n
                + ": this server halts in the middle of an invoice run. Never set this outside the tests."));
        if (checkSeconds > 0) {
            timers.createIntervalTimer(checkSeconds * 1000, checkSeconds * 1000, new TimerConfig("billing-check", false));
        }
    }

    /** The monthly schedule and the resumption of runs left unfinished. */
    @Timeout
    void check(Timer timer) {
        try {
            if (monthlyRun) {
                YearMonth last = YearMonth.now(ZoneOffset.UTC).minusMonths(1);
                store.startScheduled(last).ifPresent(run -> {
                    LOG.info("Monthly invoice run " + run.id() + " for " + last + " started");
                    process(last);
                });
            }
            for (YearMonth period : store.periodsWithClaimableWork()) {
                process(period);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Billing schedule check failed; next check in " + checkSeconds + " s: {0}", e.toString());
        }
    }

    /**
     * Starts a run for {@code period} (a month that has ended). A dry run computes every invoice and
     * stores nothing but its summary; a real one closes the period to usage, creates the work and bills
     * in the background. Returns the run (its summary fills in as it goes).
     */
    public BillingRun start(Caller caller, YearMonth period, boolean dryRun) {
        Permission.BILLING_OPERATE.require(caller);
        if (!period.isBefore(YearMonth.now(ZoneOffset.UTC))) {
            throw new InvalidInputException("The period has not ended", List.of(new FieldError("period",
                    "must be a month that has ended (before " + YearMonth.now(ZoneOffset.UTC) + ")")));
        }
        if (dryRun) {
            return store.dryRun(caller, period);
        }
        BillingRun run = store.startManual(caller, period);
        process(period);
        return run;
    }

    /** Bills {@code period}'s waiting subscriptions in the background on this server (one set of threads per period). */
    void process(YearMonth period) {
        if (!working.add(period)) {
            return;
        }
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(Math.max(1, runThreads));
        for (int i = 0, n = left.get(); i < n; i++) {
            try {
                executor.execute(() -> {
                    try {
                        drain(period);
                    } finally {
                        if (left.decrementAndGet() == 0) {
                            working.remove(period);
                        }
                    }
                });
            } catch (RejectedExecutionException e) {
                if (left.decrementAndGet() == 0) {
                    working.remove(period);
                }
                LOG.warning("Invoice run for " + period + " has fewer threads now (none free); the schedule check resumes it");
            }
        }
    }

    private void drain(YearMonth period) {
        long started = System.nanoTime();
        try {
            // Invoices are attributed to the month's latest run, read once per drain.
            UUID runId = store.currentRun(period);
            while (true) {
                List<UUID> claimed = work.claim(period, owner, chunk);
                if (claimed.isEmpty()) {
                    break;
                }
                billChunk(claimed, period, runId);
                if (crashAfterChunks.isPresent() && chunksDone.incrementAndGet() >= crashAfterChunks.get()) {
                    LOG.severe("TEST ONLY: halting mid-run as kaphera.billing.test.crash-after-chunks asks");
                    Runtime.getRuntime().halt(137);
                }
            }
            store.finishRuns(period);
            monitor.runFinished(period, System.nanoTime() - started);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Invoice run for " + period + " paused; the schedule check resumes it: {0}", e.toString());
        }
    }

    private void billChunk(List<UUID> claimed, YearMonth period, UUID runId) {
        try {
            monitor.issued(work.bill(claimed, period, owner, runId));
            return;
        } catch (RuntimeException e) {
            if (claimed.size() == 1) {
                park(claimed.get(0), period, e);
                return;
            }
            LOG.log(Level.FINE, "A chunk of " + claimed.size() + " failed; billing them one by one: {0}", e.toString());
        }
        for (UUID one : claimed) {
            try {
                monitor.issued(work.bill(List.of(one), period, owner, runId));
            } catch (RuntimeException e) {
                park(one, period, e);
            }
        }
    }

    private void park(UUID subscription, YearMonth period, RuntimeException e) {
        if (Failures.root(e) instanceof BillingWork.LeaseLostException) {
            return; // another server bills it
        }
        String reason = Failures.rootMessage(e);
        LOG.warning("Subscription " + subscription + " parked for " + period + ": " + reason);
        work.parkAlone(subscription, period, owner, reason);
        monitor.parked();
    }

    /** Sends a parked subscription back to its month's run and bills it now; false when it was not parked. */
    public boolean release(Caller caller, UUID subscription, YearMonth period) {
        Permission.BILLING_OPERATE.require(caller);
        boolean released = store.release(caller, subscription, period);
        if (released) {
            process(period);
        }
        return released;
    }

    /** For the API: a run by id, checked. */
    public BillingRun find(Caller caller, UUID id) {
        Permission.BILLING_READ_ALL.require(caller);
        return store.find(id).orElseThrow(() -> new NotFoundException("billing run", id.toString()));
    }
}
