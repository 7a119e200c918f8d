package com.kaphera.cloud.billing.invoices;

import com.kaphera.cloud.audit.AuditEvent;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.billing.pricing.InvoiceCalculator;
import com.kaphera.cloud.billing.pricing.Money;
import com.kaphera.cloud.common.ConflictException;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.FreeText;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.common.PageToken;
import com.kaphera.cloud.common.Times;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Reading invoices (an organisation's admins: its own and its customer account's; platform staff: all)
 * and what Kaphera operations do with them: issue a draft, record a payment, void an unpaid one, credit
 * one with a credit note. Issued invoices are never edited.
 */
@Stateless
public class InvoiceService {
    public static final String KIND = "invoice";
    public static final String CREATE = "invoice.create";
    public static final String ISSUE = "invoice.issue";
    public static final String PAY = "invoice.pay";
    public static final String VOID = "invoice.void";
    public static final String CREDIT = "invoice.credit";

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @EJB
    InvoiceNumbers numbers;

    @EJB
    AuditTrail audit;

    /** Issued, paid and void invoices and credit notes that concern {@code org}, newest first. Drafts are not shown. */
    public Page<Invoice> listForOrganisation(Caller caller, String org, int limit, String continueToken) {
        Permission.BILLING_MANAGE.require(caller, org);
        return page(em.createQuery("select i from Invoice i where i.state <> 'draft' and (i.organisation = :org or "
                + "i.customerAccountId = (select o.customerAccount.id from Organisation o where o.slug = :org)) "
                + "order by i.periodStart desc, i.createdAt desc, i.id", Invoice.class).setParameter("org", org), limit, continueToken);
    }

    /** A customer account's invoices (platform staff). */
    public Page<Invoice> listForAccount(Caller caller, UUID account, int limit, String continueToken) {
        Permission.BILLING_READ_ALL.require(caller);
        return page(em.createQuery("select i from Invoice i where i.customerAccountId = :a order by i.periodStart desc, "
                + "i.createdAt desc, i.id", Invoice.class).setParameter("a", account), limit, continueToken);
    }

    /** Every invoice, or a month's (platform staff). */
    public Page<Invoice> listAll(Caller caller, java.time.YearMonth period, int limit, String continueToken) {
        Permission.BILLING_READ_ALL.require(caller);
        TypedQuery<Invoice> q = em.createQuery("select i from Invoice i" + (period == null ? "" : " where i.periodStart = :p")
                + " order by i.periodStart desc, i.createdAt desc, i.id", Invoice.class);
        if (period != null) {
            q.setParameter("p", period.atDay(1));
        }
        return page(q, limit, continueToken);
    }

    private static Page<Invoice> page(TypedQuery<Invoice> q, int limit, String continueToken) {
        int offset = 0;
        if (continueToken != null) {
            try {
                offset = Integer.parseInt(PageToken.decode(continueToken, "continue"));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("The continue token is not valid", List.of(new FieldError("continue",
                        "is not a token from a previous page")));
            }
        }
        List<Invoice> rows = q.setFirstResult(offset).setMaxResults(limit + 1).getResultList();
        return new Page<>(rows.size() <= limit ? rows : rows.subList(0, limit),
                rows.size() <= limit ? null : PageToken.encode(String.valueOf(offset + limit)));
    }

    /** One invoice of (or for the account of) {@code org}; anything else is not found, never forbidden. */
    public Invoice getForOrganisation(Caller caller, String org, UUID id) {
        Permission.BILLING_MANAGE.require(caller, org);
        Invoice invoice = em.find(Invoice.class, id);
        if (invoice == null || Invoice.DRAFT.equals(invoice.state()) || !concerns(invoice, org)) {
            throw new NotFoundException(KIND, id.toString());
        }
        return withLines(invoice);
    }

    private boolean concerns(Invoice invoice, String org) {
        if (org.equals(invoice.organisation())) {
            return true;
        }
        return invoice.customerAccountId() != null && !em.createQuery("select o.id from Organisation o where o.slug = :org "
                + "and o.customerAccount.id = :a", Object.class).setParameter("org", org)
                .setParameter("a", invoice.customerAccountId()).getResultList().isEmpty();
    }

    public Invoice get(Caller caller, UUID id) {
        Permission.BILLING_READ_ALL.require(caller);
        Invoice invoice = em.find(Invoice.class, id);
        if (invoice == null) {
            throw new NotFoundException(KIND, id.toString());
        }
        return withLines(invoice);
    }

    /** An invoice read for rendering: its lines loaded while the persistence context is open. */
    private static Invoice withLines(Invoice invoice) {
        invoice.lines();
        return invoice;
    }

    /** The credit notes of an invoice, oldest first. */
    public List<Invoice> creditNotesOf(Invoice invoice) {
        return em.createQuery("select i from Invoice i where i.creditsInvoiceId = :id order by i.createdAt", Invoice.class)
                .setParameter("id", invoice.id()).getResultList();
    }

    public Invoice issue(Caller caller, UUID id) {
        Invoice invoice = locked(caller, id);
        Instant now = Times.now();
        invoice.issue(numbers.take(invoice.series(), now.atZone(ZoneOffset.UTC).getYear(), 1)[0], now);
        record(caller, invoice, ISSUE, "issued invoice " + invoice.number() + " to " + invoice.billedTo());
        return invoice;
    }

    public Invoice pay(Caller caller, UUID id, Instant paidAt) {
        Invoice invoice = locked(caller, id);
        if (paidAt != null && paidAt.isAfter(Times.now())) {
            throw new InvalidInputException("The payment is not valid", List.of(new FieldError("paidAt", "must not be in the future")));
        }
        invoice.pay(paidAt == null ? Times.now() : paidAt);
        record(caller, invoice, PAY, "recorded the payment of invoice " + invoice.number());
        return invoice;
    }

    public Invoice voidInvoice(Caller caller, UUID id, String reason) {
        FreeText.checkReason(reason, "say why the invoice is void", "void");
        Invoice invoice = locked(caller, id);
        invoice.voidIt(reason.strip(), Times.now());
        record(caller, invoice, VOID, "voided invoice " + invoice.number() + ": " + reason.strip());
        return invoice;
    }

    /**
     * A credit note against an issued or paid invoice: all of it ({@code amount} null: every line
     * negated) or {@code amount} (net, before tax) as one line. Credits never exceed the invoice.
     */
    public Invoice credit(Caller caller, UUID id, String reason, BigDecimal amount) {
        FreeText.checkReason(reason, "say why the invoice is credited", "credit note");
        Invoice invoice = locked(caller, id);
        if (!Invoice.INVOICE.equals(invoice.kind()) || !(Invoice.ISSUED.equals(invoice.state()) || Invoice.PAID.equals(invoice.state()))) {
            throw new ConflictException("Only an issued or paid invoice can be credited; " + invoice.label() + " is " + invoice.state());
        }
        BigDecimal credited = creditNotesOf(invoice).stream().map(Invoice::subtotal).reduce(BigDecimal.ZERO, BigDecimal::add).negate();
        BigDecimal left = invoice.subtotal().subtract(credited);
        List<InvoiceCalculator.Line> lines;
        if (amount == null) {
            if (credited.signum() != 0) {
                throw new ConflictException("Invoice " + invoice.label() + " is credited in part already (" + credited.toPlainString()
                        + " " + invoice.currency() + "); credit the rest with an amount");
            }
            lines = invoice.lines().stream().map(l -> new InvoiceCalculator.Line(InvoiceCalculator.LineKind.CREDIT, null,
                    "Credit: " + l.description(), l.quantity(), l.unit(), l.unitPrice(), l.amount().negate(), l.from(), l.to())).toList();
        } else {
            List<FieldError> errors = new java.util.ArrayList<>();
            if (amount.signum() <= 0 || amount.scale() > Money.scale(invoice.currency())) {
                errors.add(new FieldError("amount", "must be a positive amount with at most " + Money.scale(invoice.currency())
                        + " decimals"));
            } else if (amount.compareTo(left) > 0) {
                errors.add(new FieldError("amount", "must not exceed what is left to credit: " + left.toPlainString() + " "
                        + invoice.currency()));
            }
            if (!errors.isEmpty()) {
                throw new InvalidInputException("The credit note is not valid", errors);
            }
            lines = List.of(new InvoiceCalculator.Line(InvoiceCalculator.LineKind.CREDIT, null, "Credit: " + reason.strip(),
                    BigDecimal.ONE, "credit", amount.negate(), Money.round(amount.negate(), invoice.currency()), invoice.periodStart(),
                    invoice.periodEnd().minusDays(1)));
        }
        Instant now = Times.now();
        Invoice note = Invoice.creditNote(invoice, lines, reason.strip(), caller.subject(), now);
        em.persist(note);
        em.flush();
        note.issue(numbers.take(note.series(), now.atZone(ZoneOffset.UTC).getYear(), 1)[0], now);
        record(caller, note, CREDIT, "credited invoice " + invoice.number() + " with " + note.number() + " ("
                + note.total().toPlainString() + " " + note.currency() + "): " + reason.strip());
        return note;
    }

    private Invoice locked(Caller caller, UUID id) {
        Permission.BILLING_OPERATE.require(caller);
        Invoice invoice = em.find(Invoice.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (invoice == null) {
            throw new NotFoundException(KIND, id.toString());
        }
        return invoice;
    }

    private void record(Caller caller, Invoice invoice, String operation, String action) {
        audit.record(caller, invoice.organisation() == null ? AuditTrail.PLATFORM : invoice.organisation(),
                AuditEvent.success(operation, KIND, invoice.number() == null ? invoice.id().toString() : invoice.number(), 200,
                        Json.createObjectBuilder().add("state", invoice.state()).add("total", invoice.total().toPlainString())
                                .add("currency", invoice.currency()).build(), action));
    }
}
