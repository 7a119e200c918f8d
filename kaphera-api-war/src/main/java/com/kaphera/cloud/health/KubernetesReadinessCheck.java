package com.kaphera.cloud.health;

import com.kaphera.cloud.crd.ResourceTypeCatalogue;
import com.kaphera.cloud.crd.kubernetes.KubernetesConnection;
import com.kaphera.cloud.crd.kubernetes.KubernetesGateway;
import com.kaphera.cloud.edition.Feature;
import com.kaphera.cloud.edition.Features;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the Kubernetes API answers. Reports where the server connects (never credentials), the
 * API server's version and how many resource types it serves. Not part of readiness when the
 * resources feature is switched off.
 */
@Readiness
@ApplicationScoped
public class KubernetesReadinessCheck implements HealthCheck {
    @Inject
    KubernetesGateway kubernetes;

    @Inject
    KubernetesConnection connection;

    @Inject
    ResourceTypeCatalogue catalogue;

    @Inject
    Features features;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kubernetes")
                .withData("api", connection.description());
        if (!features.isEnabled(Feature.RESOURCES)) {
            return response.up().withData("reason", "resources feature disabled").build();
        }
        try {
            String version = kubernetes.serverVersion();
            return response.up()
                    .withData("serverVersion", version == null ? "" : version)
                    .withData("resourceTypes", catalogue.all().size())
                    .build();
        } catch (RuntimeException e) {
            return response.down().withData("reason", e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()).build();
        }
    }
}
