package com.kaphera.cloud.billing.api.plans;

import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST /api/v1/billing/subscriptions/{id}/end. */
@Schema(name = "SubscriptionEnd", example = """
        {"endsOn":"2027-01-01"}""")
public record SubscriptionEnd(@Schema(description = "Exclusive: the first day no longer billed") LocalDate endsOn) {
}
