package com.kaphera.cloud.billing.api.invoices;

import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of pay, void and credit-notes: the reason (void, credit), the amount (a partial credit, net), when it was paid. */
@Schema(name = "InvoiceAction", example = """
        {"reason":"Connector outage 3-5 November: two days credited","amount":"20.00"}""")
public record InvoiceAction(@Schema(description = "1-2000 characters; required to void or credit") String reason,
        @Schema(description = "Credit notes: the net amount to credit as a decimal string; absent = the whole invoice") String amount,
        @Schema(description = "Payments: when it was paid (RFC 3339); absent = now") String paidAt) {

    BigDecimal amountValue() {
        if (amount == null) {
            return null;
        }
        try {
            return new BigDecimal(amount.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(new FieldError("amount", "must be a decimal number such as 20.00"));
        }
    }

    Instant paidAtValue() {
        if (paidAt == null) {
            return null;
        }
        try {
            return Instant.parse(paidAt.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(new FieldError("paidAt", "must be an RFC 3339 UTC time such as 2026-12-01T10:00:00Z"));
        }
    }
}
