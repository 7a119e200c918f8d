package com.kaphera.cloud.billing.invoices;

import com.kaphera.cloud.billing.pricing.InvoiceCalculator;
import com.kaphera.cloud.billing.pricing.Money;
import com.kaphera.cloud.common.ConflictException;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An invoice or a credit note. A draft has no number; issuing gives it the next number of its series
 * and year and freezes it (the database refuses any later change but the state: issued → paid | void).
 * Corrections are credit notes, never edits.
 */
@Entity
@Table(name = "invoice")
public class Invoice {
    public static final String INVOICE = "invoice";
    public static final String CREDIT_NOTE = "credit-note";
    public static final String DRAFT = "draft";
    public static final String ISSUED = "issued";
    public static final String PAID = "paid";
    public static final String VOID = "void";

    @Id
    private UUID id;

    @Column(nullable = false, updatable = false, length = 12)
    private String kind;

    @Column(length = 30)
    private String number;

    @Column(name = "subscription_id", nullable = false, updatable = false)
    private UUID subscriptionId;

    @Column(updatable = false, length = 40)
    private String organisation;

    @Column(name = "customer_account_id", updatable = false)
    private UUID customerAccountId;

    @Column(name = "billed_to", nullable = false, updatable = false, length = 200)
    private String billedTo;

    @Column(name = "period_start", nullable = false, updatable = false)
    private LocalDate periodStart;

    @Column(name = "period_end", nullable = false, updatable = false)
    private LocalDate periodEnd;

    @Column(name = "credits_invoice_id", updatable = false)
    private UUID creditsInvoiceId;

    @Column(nullable = false, length = 10)
    private String state;

    @Column(nullable = false, updatable = false, length = 3)
    private String currency;

    @Column(nullable = false, updatable = false, length = 2)
    private String country;

    @Column(name = "tax_rate", nullable = false, updatable = false, precision = 7, scale = 4)
    private BigDecimal taxRate;

    @Column(nullable = false, updatable = false, precision = 18, scale = 4)
    private BigDecimal subtotal;

    @Column(nullable = false, updatable = false, precision = 18, scale = 4)
    private BigDecimal tax;

    @Column(nullable = false, updatable = false, precision = 18, scale = 4)
    private BigDecimal total;

    @Column(length = 2000)
    private String reason;

    @Column(name = "run_id", updatable = false)
    private UUID runId;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false, updatable = false, length = 255)
    private String createdBy;

    @Column(name = "issued_at")
    private Instant issuedAt;

    @Column(name = "paid_at")
    private Instant paidAt;

    @Column(name = "voided_at")
    private Instant voidedAt;

    @Version
    private long version;

    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "invoice_line", joinColumns = @JoinColumn(name = "invoice_id"))
    @OrderColumn(name = "position")
    private List<InvoiceLine> lines = new ArrayList<>();

    protected Invoice() {
        // for JPA
    }

    /** Who is billed: an organisation's own subscription, or a customer account's. */
    public record BilledParty(UUID subscriptionId, String organisation, UUID customerAccountId, String name, String country) {
    }

    /** A draft invoice for {@code period}, from the calculator's result. */
    static Invoice draft(BilledParty party, YearMonth period, InvoiceCalculator.Result result, UUID runId, String by, Instant now) {
        Invoice i = new Invoice();
        i.id = UUID.randomUUID();
        i.kind = INVOICE;
        i.fill(party, period.atDay(1), period.plusMonths(1).atDay(1), result, by, now);
        i.runId = runId;
        return i;
    }

    /** A credit note against {@code credited}: negative lines, its tax rate, issued at once by the caller. */
    static Invoice creditNote(Invoice credited, List<InvoiceCalculator.Line> negativeLines, String reason, String by, Instant now) {
        Invoice i = new Invoice();
        i.id = UUID.randomUUID();
        i.kind = CREDIT_NOTE;
        i.creditsInvoiceId = credited.id;
        i.reason = reason;
        i.fill(new BilledParty(credited.subscriptionId, credited.organisation, credited.customerAccountId, credited.billedTo,
                credited.country), credited.periodStart, credited.periodEnd,
                InvoiceCalculator.total(credited.currency, negativeLines, credited.taxRate), by, now);
        return i;
    }

    private void fill(BilledParty party, LocalDate start, LocalDate end, InvoiceCalculator.Result result, String by, Instant now) {
        subscriptionId = party.subscriptionId();
        organisation = party.organisation();
        customerAccountId = party.customerAccountId();
        billedTo = party.name().length() > 200 ? party.name().substring(0, 200) : party.name();
        country = party.country();
        periodStart = start;
        periodEnd = end;
        state = DRAFT;
        currency = result.currency();
        taxRate = result.taxRate();
        subtotal = result.subtotal();
        tax = result.tax();
        total = result.total();
        createdAt = now;
        createdBy = by;
        result.lines().forEach(l -> lines.add(InvoiceLine.of(l)));
    }

    /** The series its number is drawn from. */
    String series() {
        return CREDIT_NOTE.equals(kind) ? "CN" : "INV";
    }

    void issue(String number, Instant now) {
        if (!DRAFT.equals(state)) {
            throw new ConflictException("Invoice " + this.number + " is " + state + "; only a draft can be issued");
        }
        this.number = number;
        this.state = ISSUED;
        this.issuedAt = now;
    }

    void pay(Instant at) {
        if (!ISSUED.equals(state)) {
            throw new ConflictException("Invoice " + label() + " is " + state + "; only an issued invoice can be paid");
        }
        state = PAID;
        paidAt = at;
    }

    void voidIt(String why, Instant now) {
        if (DRAFT.equals(state)) {
            throw new ConflictException("Invoice " + label() + " is a draft: issue it first, or leave it (drafts are not sent)");
        }
        if (!ISSUED.equals(state)) {
            throw new ConflictException("Invoice " + label() + " is " + state + "; only an issued, unpaid invoice can be voided "
                    + "(issue a credit note for a paid one)");
        }
        state = VOID;
        voidedAt = now;
        reason = why;
    }

    String label() {
        return number == null ? "draft " + id : number;
    }

    public UUID id() {
        return id;
    }

    public String kind() {
        return kind;
    }

    public String number() {
        return number;
    }

    public UUID subscriptionId() {
        return subscriptionId;
    }

    public String organisation() {
        return organisation;
    }

    public UUID customerAccountId() {
        return customerAccountId;
    }

    public String billedTo() {
        return billedTo;
    }

    public LocalDate periodStart() {
        return periodStart;
    }

    /** Exclusive. */
    public LocalDate periodEnd() {
        return periodEnd;
    }

    public UUID creditsInvoiceId() {
        return creditsInvoiceId;
    }

    public String state() {
        return state;
    }

    public String currency() {
        return currency;
    }

    public String country() {
        return country;
    }

    public BigDecimal taxRate() {
        return taxRate;
    }

    /** At the currency's scale (the column keeps 4 digits). */
    public BigDecimal subtotal() {
        return Money.round(subtotal, currency);
    }

    public BigDecimal tax() {
        return Money.round(tax, currency);
    }

    public BigDecimal total() {
        return Money.round(total, currency);
    }

    public String reason() {
        return reason;
    }

    public UUID runId() {
        return runId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String createdBy() {
        return createdBy;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant paidAt() {
        return paidAt;
    }

    public Instant voidedAt() {
        return voidedAt;
    }

    public long version() {
        return version;
    }

    public List<InvoiceLine> lines() {
        return List.copyOf(lines);
    }
}
