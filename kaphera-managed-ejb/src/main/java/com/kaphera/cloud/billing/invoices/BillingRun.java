package com.kaphera.cloud.billing.invoices;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One invoice run (or dry run) for a month: who started it, when, and what it did (summary JSON). */
@Entity
@Table(name = "billing_run")
public class BillingRun {
    public static final String RUNNING = "running";
    public static final String FINISHED = "finished";

    @Id
    private UUID id;

    @Column(name = "period_start", nullable = false, updatable = false)
    private LocalDate periodStart;

    @Column(name = "dry_run", nullable = false, updatable = false)
    private boolean dryRun;

    @Column(nullable = false, updatable = false, length = 20)
    private String trigger;

    @Column(name = "started_by", nullable = false, updatable = false)
    private String startedBy;

    @Column(name = "started_at", nullable = false, updatable = false)
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(nullable = false, length = 10)
    private String state;

    @Column
    private String summary;

    protected BillingRun() {
        // for JPA
    }

    BillingRun(LocalDate periodStart, boolean dryRun, String trigger, String startedBy, Instant now) {
        this.id = UUID.randomUUID();
        this.periodStart = periodStart;
        this.dryRun = dryRun;
        this.trigger = trigger;
        this.startedBy = startedBy;
        this.startedAt = now;
        this.state = RUNNING;
    }

    void finish(String summaryJson, Instant now) {
        state = FINISHED;
        summary = summaryJson;
        finishedAt = now;
    }

    public UUID id() {
        return id;
    }

    public LocalDate periodStart() {
        return periodStart;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public String trigger() {
        return trigger;
    }

    public String startedBy() {
        return startedBy;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public String state() {
        return state;
    }

    public String summary() {
        return summary;
    }
}
