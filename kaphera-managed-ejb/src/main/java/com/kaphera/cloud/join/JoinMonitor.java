package com.kaphera.cloud.join;

import com.kaphera.cloud.operations.MBeans;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.LocalBean;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The join flow's figures: the MBean {@value #OBJECT_NAME} and the metrics {@code kaphera_joins_*}
 * (succeeded, failed, attempts failed per step, leases lost, step duration per step, join duration,
 * and gauges of joins in flight, waiting for a person and stuck).
 */
@Singleton
@Startup
@LocalBean
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JoinMonitor implements JoinsMXBean {
    public static final String OBJECT_NAME = "com.kaphera.cloud:type=Joins";

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @Inject
    MetricRegistry metrics;

    @Resource
    SessionContext context;

    private final Map<JoinStep, AtomicLong> stepCount = new EnumMap<>(JoinStep.class);
    private final Map<JoinStep, AtomicLong> stepNanos = new EnumMap<>(JoinStep.class);
    private final Map<JoinStep, AtomicLong> stepMaxNanos = new EnumMap<>(JoinStep.class);
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong joinNanos = new AtomicLong();
    private ObjectName name;

    @PostConstruct
    void register() {
        for (JoinStep s : JoinStep.values()) {
            stepCount.put(s, new AtomicLong());
            stepNanos.put(s, new AtomicLong());
            stepMaxNanos.put(s, new AtomicLong());
        }
        metrics.counter("kaphera.joins.succeeded");
        metrics.counter("kaphera.joins.failed");
        metrics.counter("kaphera.joins.leases.lost");
        JoinsMXBean proxy = context.getBusinessObject(JoinMonitor.class);
        metrics.gauge("kaphera.joins.in.flight", proxy, JoinsMXBean::getInFlight);
        metrics.gauge("kaphera.joins.waiting.for.person", proxy, JoinsMXBean::getWaitingForPerson);
        metrics.gauge("kaphera.joins.stuck", proxy, JoinsMXBean::getStuck);
        name = MBeans.register(OBJECT_NAME, proxy, JoinsMXBean.class);
    }

    @PreDestroy
    void unregister() {
        MBeans.unregister(name);
    }

    public void stepFinished(JoinStep step, Instant started, Instant now) {
        long nanos = started == null ? 0 : Duration.between(started, now).toNanos();
        stepCount.get(step).incrementAndGet();
        stepNanos.get(step).addAndGet(nanos);
        stepMaxNanos.get(step).accumulateAndGet(nanos, Math::max);
        metrics.timer("kaphera.joins.step", new Tag("step", step.id())).update(Duration.ofNanos(nanos));
    }

    public void attemptFailed(JoinStep step) {
        retries.incrementAndGet();
        metrics.counter("kaphera.joins.attempts.failed", new Tag("step", step.id())).inc();
    }

    public void failed(JoinStep step) {
        failures.incrementAndGet();
        metrics.counter("kaphera.joins.failed").inc();
    }

    public void succeeded(Instant created, Instant now) {
        succeeded.incrementAndGet();
        Duration took = Duration.between(created, now);
        joinNanos.addAndGet(took.toNanos());
        metrics.counter("kaphera.joins.succeeded").inc();
        metrics.timer("kaphera.joins.duration").update(took);
    }

    public void leaseLost() {
        metrics.counter("kaphera.joins.leases.lost").inc();
    }

    @Override
    public long getInFlight() {
        return count("select count(*) from join_flow where state in ('running', 'awaiting-authority', 'awaiting-applicant')");
    }

    @Override
    public Map<String, Long> getByState() {
        Map<String, Long> byState = new TreeMap<>();
        for (JoinState s : JoinState.values()) {
            byState.put(s.id(), 0L);
        }
        try {
            for (Object row : em.createNativeQuery("select state, count(*) from join_flow group by state").getResultList()) {
                Object[] r = (Object[]) row;
                byState.put((String) r[0], ((Number) r[1]).longValue());
            }
        } catch (RuntimeException e) {
            // the database is away: the figures are simply absent this time
        }
        return byState;
    }

    @Override
    public long getWaitingForPerson() {
        return count("select count(*) from join_flow where state in ('awaiting-authority', 'awaiting-applicant')");
    }

    @Override
    public long getStuck() {
        return count("select count(*) from join_flow where state = 'running' and next_attempt_at < now() - interval '5 minutes' "
                + "and (lease_expires_at is null or lease_expires_at < now())");
    }

    @Override
    public Map<String, Double> getMeanStepMillis() {
        Map<String, Double> mean = new TreeMap<>();
        stepCount.forEach((s, n) -> mean.put(s.id(), n.get() == 0 ? 0 : stepNanos.get(s).get() / (double) n.get() / 1e6));
        return mean;
    }

    @Override
    public Map<String, Double> getMaxStepMillis() {
        Map<String, Double> max = new TreeMap<>();
        stepMaxNanos.forEach((s, n) -> max.put(s.id(), n.get() / 1e6));
        return max;
    }

    @Override
    public long getRetries() {
        return retries.get();
    }

    @Override
    public long getFailures() {
        return failures.get();
    }

    @Override
    public long getSucceeded() {
        return succeeded.get();
    }

    @Override
    public double getMeanJoinSeconds() {
        long n = succeeded.get();
        return n == 0 ? 0 : joinNanos.get() / (double) n / 1e9;
    }

    private long count(String sql) {
        try {
            return ((Number) em.createNativeQuery(sql).getSingleResult()).longValue();
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
