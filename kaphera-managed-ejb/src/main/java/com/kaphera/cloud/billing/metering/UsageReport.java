package com.kaphera.cloud.billing.metering;

import com.kaphera.cloud.common.FieldError;
import java.util.List;

/**
 * The answer to one batch: how many events were new ({@code accepted}, of which {@code late} were billed
 * in the open period because their own month was already invoiced), how many had been reported before
 * ({@code duplicates}), and each refused event with its errors. The good events of a batch are kept
 * whatever happens to the bad ones.
 */
public record UsageReport(int accepted, int duplicates, int late, List<Rejection> rejected) {
    public UsageReport {
        rejected = List.copyOf(rejected);
    }

    /** An event that was refused: its position in the batch, its id as sent (may be null), and why. */
    public record Rejection(int index, String id, List<FieldError> errors) {
        public Rejection {
            errors = List.copyOf(errors);
        }
    }
}
