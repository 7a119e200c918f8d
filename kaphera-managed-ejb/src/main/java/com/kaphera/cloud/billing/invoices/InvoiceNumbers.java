package com.kaphera.cloud.billing.invoices;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Gap-free invoice numbers: INV-2026-000001, CN-2026-000001. A block is taken with one upsert in the
 * issuing transaction (the row stays locked until it commits), so a rolled-back issue gives its numbers
 * back and two servers never share one.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class InvoiceNumbers {
    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    /** The next {@code count} numbers of {@code series} in {@code year}, in order. */
    public String[] take(String series, int year, int count) {
        int last = ((Number) em.createNativeQuery("insert into invoice_number (series, year, last) values (:s, :y, :n) "
                        + "on conflict (series, year) do update set last = invoice_number.last + excluded.last returning last")
                .setParameter("s", series).setParameter("y", year).setParameter("n", count).getSingleResult()).intValue();
        String[] numbers = new String[count];
        for (int i = 0; i < count; i++) {
            numbers[i] = format(series, year, last - count + 1 + i);
        }
        return numbers;
    }

    static String format(String series, int year, int n) {
        return String.format("%s-%d-%06d", series, year, n);
    }
}
