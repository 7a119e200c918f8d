package com.kaphera.cloud.billing.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * The one rounding rule: an amount is computed exactly (quantity × unit price × days/days-in-month),
 * then rounded once, half-even, to its currency's minor unit (2 digits for EUR, USD, GBP, CHF; 0 for
 * JPY). Every invoice line is rounded so; subtotal is the sum of rounded lines, tax is rounded the same
 * way from the subtotal, total = subtotal + tax. Nothing is rounded twice.
 */
public final class Money {
    public static final RoundingMode ROUNDING = RoundingMode.HALF_EVEN;

    private Money() {
    }

    /** The currency's minor-unit digits; refuses what ISO 4217 does not know. */
    public static int scale(String currency) {
        int digits = Currency.getInstance(currency).getDefaultFractionDigits();
        return Math.max(digits, 0);
    }

    public static BigDecimal round(BigDecimal amount, String currency) {
        return amount.setScale(scale(currency), ROUNDING);
    }

    public static BigDecimal zero(String currency) {
        return BigDecimal.ZERO.setScale(scale(currency));
    }

    /** Whether {@code code} is an ISO 4217 currency this JVM knows. */
    public static boolean isCurrency(String code) {
        try {
            return code != null && code.length() == 3 && Currency.getInstance(code) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
