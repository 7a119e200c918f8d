package com.kaphera.cloud.health;

import com.kaphera.cloud.operations.ReadinessMonitor;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/** A background verdict as a health check answer: status, the one figure, why not, and when it was checked. */
final class Verdicts {
    private Verdicts() {
    }

    static HealthCheckResponse response(String name, ReadinessMonitor.Verdict verdict) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name).status(verdict.up());
        if (verdict.detailName() != null && verdict.detail() != null) {
            if (verdict.detail() instanceof Number n) {
                response.withData(verdict.detailName(), n.longValue());
            } else {
                response.withData(verdict.detailName(), verdict.detail().toString());
            }
        }
        if (verdict.reason() != null) {
            response.withData("reason", verdict.reason());
        }
        if (verdict.checkedAt() != null) {
            response.withData("checkedAt", verdict.checkedAt().toString());
        }
        return response.build();
    }
}
