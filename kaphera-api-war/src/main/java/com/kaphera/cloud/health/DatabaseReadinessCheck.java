package com.kaphera.cloud.health;

import com.kaphera.cloud.persistence.DatabaseStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when PostgreSQL answers and the schema is migrated; recovers by itself when the database returns. */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {
    @Inject
    DatabaseStatus database;

    @Override
    public HealthCheckResponse call() {
        DatabaseStatus.Verdict verdict = database.check();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database").status(verdict.up());
        if (verdict.schemaVersion() != null) {
            response.withData("schemaVersion", verdict.schemaVersion());
        }
        if (verdict.reason() != null) {
            response.withData("reason", verdict.reason());
        }
        return response.build();
    }
}
