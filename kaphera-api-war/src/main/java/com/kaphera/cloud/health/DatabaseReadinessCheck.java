package com.kaphera.cloud.health;

import com.kaphera.cloud.operations.ReadinessMonitor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when PostgreSQL answers and the schema is migrated (checked in the background by ReadinessMonitor). */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {
    @Inject
    ReadinessMonitor monitor;

    @Override
    public HealthCheckResponse call() {
        return Verdicts.response("database", monitor.database());
    }
}
