package com.kaphera.cloud.billing.pricing;

import java.math.BigDecimal;

/**
 * One step of a graduated price: billable units up to {@code upTo} (inclusive, counted from the first
 * billable unit; null = no limit) cost {@code unitPrice} each.
 */
public record Tier(BigDecimal upTo, BigDecimal unitPrice) {
}
