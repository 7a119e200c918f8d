package com.kaphera.cloud.billing.invoices;

import com.kaphera.cloud.billing.pricing.InvoiceCalculator;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.math.BigDecimal;
import java.time.LocalDate;

/** One line of an invoice or credit note, as stored (invoice_line); written once, with its invoice. */
@Embeddable
public class InvoiceLine {
    @Column(nullable = false, length = 12)
    private String kind;

    @Column(length = 40)
    private String metric;

    @Column(nullable = false, length = 500)
    private String description;

    @Column(nullable = false, precision = 24, scale = 6)
    private BigDecimal quantity;

    @Column(nullable = false, length = 20)
    private String unit;

    @Column(name = "unit_price", nullable = false, precision = 18, scale = 6)
    private BigDecimal unitPrice;

    @Column(nullable = false, precision = 18, scale = 4)
    private BigDecimal amount;

    @Column(name = "from_date")
    private LocalDate from;

    @Column(name = "to_date")
    private LocalDate to;

    protected InvoiceLine() {
        // for JPA
    }

    InvoiceLine(String kind, String metric, String description, BigDecimal quantity, String unit, BigDecimal unitPrice,
            BigDecimal amount, LocalDate from, LocalDate to) {
        this.kind = kind;
        this.metric = metric;
        this.description = description.length() > 500 ? description.substring(0, 499) + "…" : description;
        this.quantity = quantity;
        this.unit = unit;
        this.unitPrice = unitPrice;
        this.amount = amount;
        this.from = from;
        this.to = to;
    }

    static InvoiceLine of(InvoiceCalculator.Line l) {
        return new InvoiceLine(l.kind().id(), l.metric() == null ? null : l.metric().id(), l.description(), l.quantity(),
                l.unit(), l.unitPrice(), l.amount(), l.from(), l.to());
    }

    public String kind() {
        return kind;
    }

    public String metric() {
        return metric;
    }

    public String description() {
        return description;
    }

    public BigDecimal quantity() {
        return quantity;
    }

    public String unit() {
        return unit;
    }

    public BigDecimal unitPrice() {
        return unitPrice;
    }

    public BigDecimal amount() {
        return amount;
    }

    public LocalDate from() {
        return from;
    }

    public LocalDate to() {
        return to;
    }
}
