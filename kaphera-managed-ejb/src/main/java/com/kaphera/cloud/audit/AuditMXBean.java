package com.kaphera.cloud.audit;

/** {@code com.kaphera.cloud:type=Audit}: the audit log, as a platform team watches it over JMX. */
public interface AuditMXBean {
    /** Entries written by this server instance since it started. */
    long getEntriesWritten();

    /** Mean time to append one entry (lock, head, insert), in milliseconds, since start. */
    double getMeanWriteMillis();

    /** Slowest append since start, in milliseconds. */
    double getMaxWriteMillis();

    /** Number of chains (organisations plus the platform's) in the database. */
    long getChains();

    /** The last verification this instance ran: organisation, range, verdict, when. */
    String getLastVerification();

    /** False when the server's database role can UPDATE or DELETE audit entries (a single-role install). */
    boolean isAppendOnlyEnforced();
}
