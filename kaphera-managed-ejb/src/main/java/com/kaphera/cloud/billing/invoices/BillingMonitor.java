package com.kaphera.cloud.billing.invoices;

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
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.management.ObjectName;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Billing's figures: the MBean {@value #OBJECT_NAME} and the metrics {@code kaphera_billing_*}
 * (invoices issued and subscriptions parked by this server, gauges of parked subscriptions and
 * invoices issued across all servers).
 */
@Singleton
@Startup
@LocalBean
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BillingMonitor implements BillingMXBean {
    public static final String OBJECT_NAME = "com.kaphera.cloud:type=Billing";

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @Inject
    MetricRegistry metrics;

    @Resource
    SessionContext context;

    private volatile YearMonth lastRun;
    private volatile Instant lastRunAt;
    private volatile long lastRunNanos;
    private ObjectName name;

    @PostConstruct
    void register() {
        metrics.counter("kaphera.billing.invoices.created");
        metrics.counter("kaphera.billing.parked");
        BillingMXBean proxy = context.getBusinessObject(BillingMonitor.class);
        metrics.gauge("kaphera.billing.parked.accounts", proxy, BillingMXBean::getParkedAccounts);
        metrics.gauge("kaphera.billing.invoices.issued", proxy, BillingMXBean::getInvoicesIssued);
        name = MBeans.register(OBJECT_NAME, proxy, BillingMXBean.class);
    }

    @PreDestroy
    void unregister() {
        MBeans.unregister(name);
    }

    public void issued(List<Invoice> invoices) {
        metrics.counter("kaphera.billing.invoices.created").inc(invoices.size());
    }

    public void parked() {
        metrics.counter("kaphera.billing.parked").inc();
    }

    public void runFinished(YearMonth period, long nanos) {
        lastRun = period;
        lastRunAt = Instant.now();
        lastRunNanos = nanos;
    }

    @Override
    public String getLastRunPeriod() {
        return lastRun == null ? "" : lastRun.toString();
    }

    @Override
    public String getLastRunFinishedAt() {
        return lastRunAt == null ? "" : lastRunAt.toString();
    }

    @Override
    public long getLastRunMillis() {
        return lastRunNanos / 1_000_000;
    }

    @Override
    public long getInvoicesIssued() {
        return ((Number) em.createNativeQuery("select count(*) from invoice where kind = 'invoice' and state <> 'draft'")
                .getSingleResult()).longValue();
    }

    @Override
    public long getParkedAccounts() {
        return ((Number) em.createNativeQuery("select count(*) from billing_work where state = 'parked'").getSingleResult()).longValue();
    }

    @Override
    public Map<String, String> getRevenueByCurrency() {
        Map<String, String> revenue = new TreeMap<>();
        for (Object o : em.createNativeQuery("select cast(currency as text), sum(total) from invoice where state in ('issued', 'paid') "
                + "group by 1").getResultList()) {
            Object[] r = (Object[]) o;
            revenue.put((String) r[0], ((BigDecimal) r[1]).stripTrailingZeros().toPlainString());
        }
        return revenue;
    }
}
