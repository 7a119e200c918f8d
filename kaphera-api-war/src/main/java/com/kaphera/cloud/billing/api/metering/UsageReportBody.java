package com.kaphera.cloud.billing.api.metering;

import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of POST /api/v1/usage-events, for the API description only: the server reads the JSON itself,
 * so that an event with a wrong value is refused alone (per-event errors) rather than the whole batch.
 */
@Schema(name = "UsageReport", example = """
        {"events":[{"id":"edc-frankfurt-7f3a:transfer:0001","organisation":"logistics-provider","metric":"data-transferred-gb",\
        "quantity":1.25,"occurredAt":"2026-11-30T14:05:00Z","subject":"edc-frankfurt"}]}""")
public record UsageReportBody(
        @Schema(required = true, description = "1-1,000 usage events", maxItems = 1000) List<Event> events) {

    /** One usage event. Unknown fields are refused (400 for the batch). */
    @Schema(name = "UsageEventIn")
    public record Event(
            @Schema(description = "The reporter's own id, unique within the organisation (1-200 characters): "
                    + "the same id is counted once") String id,
            @Schema(description = "Slug of the organisation that used it") String organisation,
            @Schema(description = "connector-hours, data-transferred-gb, contract-negotiations, credentials-issued, joins")
            String metric,
            @Schema(description = "0 or more, at most 6 decimal places") BigDecimal quantity,
            @Schema(description = "When it happened, RFC 3339 (not in the future, not older than the late window)",
                    format = "date-time") String occurredAt,
            @Schema(description = "What it was about (a connector, a contract), 1-200 characters") String subject) {
    }
}
