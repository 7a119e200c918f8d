package com.kaphera.cloud.health;

import com.kaphera.cloud.edition.Features;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live once the application is deployed; a lost database is a readiness matter, never a restart. */
@Liveness
@ApplicationScoped
public class ApplicationLivenessCheck implements HealthCheck {
    @Inject
    Features features;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("application").up().withData("edition", features.edition().id()).build();
    }
}
