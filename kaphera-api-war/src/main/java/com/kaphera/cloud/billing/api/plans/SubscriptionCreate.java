package com.kaphera.cloud.billing.api.plans;

import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST /api/v1/billing/subscriptions: exactly one of organisation and customerAccount (slugs). */
@Schema(name = "SubscriptionCreate", example = """
        {"organisation":"novak-castings","plan":"shared-standard","country":"CZ","startsOn":"2026-12-01","trialEndsOn":"2026-12-15"}""")
public record SubscriptionCreate(String organisation, String customerAccount,
        @Schema(description = "The plan's code") String plan,
        @Schema(description = "Default: the plan's latest version") Integer planVersion,
        @Schema(description = "The buyer's country, ISO 3166-1 alpha-2: picks the tax rate") String country,
        LocalDate startsOn,
        @Schema(description = "Exclusive: no fixed fee before it") LocalDate trialEndsOn) {
}
