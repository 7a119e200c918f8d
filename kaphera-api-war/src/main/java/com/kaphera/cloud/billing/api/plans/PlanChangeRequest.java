package com.kaphera.cloud.billing.api.plans;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST /api/v1/billing/subscriptions/{id}/plan-changes. */
@Schema(name = "PlanChangeRequest", example = """
        {"plan":"shared-premium"}""")
public record PlanChangeRequest(String plan, @Schema(description = "Default: the plan's latest version") Integer planVersion) {
}
