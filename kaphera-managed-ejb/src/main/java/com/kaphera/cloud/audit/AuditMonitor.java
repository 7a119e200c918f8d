package com.kaphera.cloud.audit;

import com.kaphera.cloud.audit.chain.ChainVerifier;
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
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The audit log's figures, published as the MBean {@value #OBJECT_NAME} and as metrics
 * ({@code kaphera_audit_entries_written_total}, {@code kaphera_audit_write_seconds}).
 */
@Singleton
@Startup
@LocalBean // implements the MXBean interface, which must not become its EJB view
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AuditMonitor implements AuditMXBean {
    public static final String OBJECT_NAME = "com.kaphera.cloud:type=Audit";

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @Inject
    MetricRegistry metrics;

    @Resource
    SessionContext context;

    private final AtomicLong written = new AtomicLong();
    private final AtomicLong totalNanos = new AtomicLong();
    private final AtomicLong maxNanos = new AtomicLong();
    private volatile String lastVerification = "none since start";
    private Counter writtenCounter;
    private Timer writeTimer;
    private ObjectName name;

    @PostConstruct
    void register() {
        writtenCounter = metrics.counter("kaphera.audit.entries.written");
        writeTimer = metrics.timer("kaphera.audit.write");
        // Through the container's proxy: JMX calls arrive on threads with no application context, where
        // the persistence context (Chains, AppendOnlyEnforced) cannot be used directly.
        name = MBeans.register(OBJECT_NAME, context.getBusinessObject(AuditMonitor.class), AuditMXBean.class);
    }

    @PreDestroy
    void unregister() {
        MBeans.unregister(name);
    }

    public void written(long nanos) {
        written.incrementAndGet();
        totalNanos.addAndGet(nanos);
        maxNanos.accumulateAndGet(nanos, Math::max);
        writtenCounter.inc();
        writeTimer.update(java.time.Duration.ofNanos(nanos));
    }

    public void verified(ChainVerifier.Verification result) {
        lastVerification = Instant.now() + " " + result.organisation() + ": "
                + (result.valid() ? "valid, " + result.entries() + " entries"
                : "broken at " + result.firstBreak().sequence() + " (" + result.firstBreak().reason().id() + ")");
    }

    @Override
    public long getEntriesWritten() {
        return written.get();
    }

    @Override
    public double getMeanWriteMillis() {
        long n = written.get();
        return n == 0 ? 0 : totalNanos.get() / (double) n / TimeUnit.MILLISECONDS.toNanos(1);
    }

    @Override
    public double getMaxWriteMillis() {
        return maxNanos.get() / (double) TimeUnit.MILLISECONDS.toNanos(1);
    }

    @Override
    public long getChains() {
        try {
            return ((Number) em.createNativeQuery("select count(distinct organisation) from audit_entry")
                    .getSingleResult()).longValue();
        } catch (RuntimeException e) {
            return -1; // database unreachable: JMX must still answer
        }
    }

    @Override
    public String getLastVerification() {
        return lastVerification;
    }

    @Override
    public boolean isAppendOnlyEnforced() {
        try {
            Object enforced = em.createNativeQuery("select not (has_table_privilege('audit_entry', 'UPDATE') "
                    + "or has_table_privilege('audit_entry', 'DELETE'))").getSingleResult();
            return Boolean.TRUE.equals(enforced);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
