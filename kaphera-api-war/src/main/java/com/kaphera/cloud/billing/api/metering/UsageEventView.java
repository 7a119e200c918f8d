package com.kaphera.cloud.billing.api.metering;

import com.kaphera.cloud.billing.metering.UsageExport.StoredEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One stored usage event, as counted: for disputes. */
@Schema(name = "UsageEvent")
public record UsageEventView(String id, String metric, BigDecimal quantity, Instant occurredAt,
        @Schema(description = "The month it is billed in (YYYY-MM)") String billingPeriod,
        @Schema(description = "Its own month was already invoiced: billed in this period as an adjustment") boolean late,
        @Schema(nullable = true) String subject, String reportedBy, Instant receivedAt) {

    static UsageEventView of(StoredEvent e) {
        return new UsageEventView(e.id(), e.metric(), e.quantity(), e.occurredAt(), e.billingPeriod().toString(), e.late(),
                e.subject(), e.reportedBy(), e.receivedAt());
    }

    /** One page; {@code continue} is absent on the last page. */
    @Schema(name = "UsageEventList")
    public record Page(List<UsageEventView> items,
            @jakarta.json.bind.annotation.JsonbProperty("continue") @Schema(name = "continue", nullable = true) String next) {
    }
}
