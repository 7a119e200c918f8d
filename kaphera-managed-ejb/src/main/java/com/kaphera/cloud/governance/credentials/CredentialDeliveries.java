package com.kaphera.cloud.governance.credentials;

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
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Polls for credential deliveries that are due ({@code kaphera.dcp.delivery-poll-millis}, default
 * 1000) on every server; the row lock in {@link CredentialDelivery} keeps two servers off one delivery.
 * A non-persistent timer: a missed tick is simply the next one. Metrics: {@code kaphera_dcp_deliveries_total}
 * (delivered), {@code kaphera_dcp_delivery_attempts_failed_total}, {@code kaphera_dcp_deliveries_failed_total}
 * (given up after the last attempt: an authority must look, and retry).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class CredentialDeliveries {
    private static final Logger LOG = Logger.getLogger(CredentialDeliveries.class.getName());
    private static final int PER_TICK = 20;

    @Resource
    TimerService timers;

    @EJB
    CredentialDelivery delivery;

    @Inject
    Features features;

    @Inject
    @ConfigProperty(name = "kaphera.dcp.delivery-poll-millis", defaultValue = "1000")
    long pollMillis;

    @Inject
    org.eclipse.microprofile.metrics.MetricRegistry metrics;

    private final AtomicBoolean running = new AtomicBoolean();

    @PostConstruct
    void start() {
        // Registered at start so that they read 0 rather than being absent until the first delivery.
        for (String name : CredentialDelivery.METRICS) {
            metrics.counter(name);
        }
        if (features.isEnabled(Feature.CREDENTIAL_ISSUER) && pollMillis > 0) {
            timers.createIntervalTimer(pollMillis, pollMillis, new TimerConfig("credential-deliveries", false));
        }
    }

    @Timeout
    void tick(Timer timer) {
        if (!running.compareAndSet(false, true)) {
            return; // the previous tick is still delivering
        }
        try {
            for (int i = 0; i < PER_TICK && delivery.deliverNext(); i++) {
                // one delivery per transaction
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Credential deliveries paused until the next tick: {0}", e.toString());
        } finally {
            running.set(false);
        }
    }
}
