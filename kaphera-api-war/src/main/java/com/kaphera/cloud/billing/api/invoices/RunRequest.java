package com.kaphera.cloud.billing.api.invoices;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST /api/v1/billing/runs. */
@Schema(name = "BillingRunRequest", example = """
        {"period":"2026-11","dryRun":true}""")
public record RunRequest(@Schema(description = "The month to bill, yyyy-MM; it must have ended") String period,
        @Schema(description = "Compute every invoice and store nothing but the summary") Boolean dryRun) {
}
