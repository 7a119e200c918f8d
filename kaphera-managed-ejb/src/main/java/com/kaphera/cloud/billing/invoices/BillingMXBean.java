package com.kaphera.cloud.billing.invoices;

import java.util.Map;

/** Billing's figures over JMX ({@value BillingMonitor#OBJECT_NAME}). */
public interface BillingMXBean {
    /** The month of the last invoice run that finished on this server (yyyy-MM), or empty. */
    String getLastRunPeriod();

    /** When it finished (ISO-8601), or empty. */
    String getLastRunFinishedAt();

    /** How long it took, in milliseconds (0 before the first). */
    long getLastRunMillis();

    /** Invoices issued, across all servers (from the database). */
    long getInvoicesIssued();

    /** Subscriptions parked by a run and waiting for a person, across all servers. Should be 0. */
    long getParkedAccounts();

    /** Issued and paid invoices' totals minus credit notes, by currency, across all servers. */
    Map<String, String> getRevenueByCurrency();
}
