package com.kaphera.cloud.operations;

import com.kaphera.cloud.crd.ResourceTypeCatalogue;
import com.kaphera.cloud.crd.kubernetes.KubernetesGateway;
import com.kaphera.cloud.edition.Feature;
import com.kaphera.cloud.edition.Features;
import com.kaphera.cloud.persistence.DatabaseStatus;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Readiness computed in the background, every {@code kaphera.health.interval-seconds}: probes (which
 * are unauthenticated and may come often) read the last verdict and cause no database query, no
 * migration attempt and no Kubernetes call. Verdicts say what is wrong in a few words and never
 * where the server connects.
 */
@ApplicationScoped
public class ReadinessMonitor {
    private static final Logger LOG = Logger.getLogger(ReadinessMonitor.class.getName());

    /** One dependency's state: up or not, why not, one figure worth showing, and when it was checked. */
    public record Verdict(boolean up, String reason, String detailName, Object detail, Instant checkedAt) {
        static Verdict notYetChecked() {
            return new Verdict(false, "not checked yet", null, null, null);
        }
    }

    @Inject
    DatabaseStatus database;

    @Inject
    KubernetesGateway kubernetes;

    @Inject
    ResourceTypeCatalogue catalogue;

    @Inject
    Features features;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "kaphera.health.interval-seconds", defaultValue = "5")
    long intervalSeconds;

    private volatile Verdict databaseVerdict = Verdict.notYetChecked();
    private volatile Verdict kubernetesVerdict = Verdict.notYetChecked();
    private volatile ScheduledFuture<?> task;

    void start(@Observes Startup startup) {
        task = scheduler.scheduleWithFixedDelay(this::refresh, 0, Math.max(1, intervalSeconds), TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(true);
        }
    }

    public Verdict database() {
        return databaseVerdict;
    }

    public Verdict kubernetes() {
        return kubernetesVerdict;
    }

    void refresh() {
        try {
            databaseVerdict = checkDatabase();
            kubernetesVerdict = checkKubernetes();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Readiness check failed unexpectedly", e);
        }
    }

    private Verdict checkDatabase() {
        DatabaseStatus.Verdict v = database.check();
        return new Verdict(v.up(), v.reason(), "schemaVersion", v.schemaVersion(), now());
    }

    private Verdict checkKubernetes() {
        if (!features.isEnabled(Feature.RESOURCES)) {
            return new Verdict(true, "resources feature disabled", null, null, now());
        }
        try {
            kubernetes.serverVersion();
            return new Verdict(true, null, "resourceTypes", catalogue.all().size(), now());
        } catch (RuntimeException e) {
            return new Verdict(false, "Kubernetes API unreachable or refusing (" + e.getClass().getSimpleName() + ")",
                    null, null, now());
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
