package com.kaphera.cloud.billing.metering;

import com.kaphera.cloud.billing.Metric;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One usage event that passed every rule: what {@code usage_event} stores. {@code id} is the reporter's
 * own, unique per organisation: the same id reported again is the same event, counted once.
 */
public record UsageEvent(String id, String organisation, Metric metric, BigDecimal quantity, Instant occurredAt,
        String subject) {
}
