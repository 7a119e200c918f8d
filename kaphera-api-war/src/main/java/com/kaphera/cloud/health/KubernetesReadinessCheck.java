package com.kaphera.cloud.health;

import com.kaphera.cloud.operations.ReadinessMonitor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the Kubernetes API answers (checked in the background by ReadinessMonitor), with how
 * many resource types it serves. Where the server connects is on JMX, not here. Always up when the
 * resources feature is switched off.
 */
@Readiness
@ApplicationScoped
public class KubernetesReadinessCheck implements HealthCheck {
    @Inject
    ReadinessMonitor monitor;

    @Override
    public HealthCheckResponse call() {
        return Verdicts.response("kubernetes", monitor.kubernetes());
    }
}
