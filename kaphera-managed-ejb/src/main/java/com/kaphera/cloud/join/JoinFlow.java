package com.kaphera.cloud.join;

import com.kaphera.cloud.common.Ids;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A participant's join of a dataspace: its state machine, one row. Transitions happen only here, each
 * keeping the invariants the table checks too: a running join is scheduled ({@code nextAttemptAt});
 * one waiting for a person says whom ({@code waitingFor}); a final one is neither. The lease (owner,
 * expiry, fence) is written by {@link JoinEngine} with SQL; the entity only reads the fence.
 */
@Entity
@Table(name = "join_flow")
public class JoinFlow {
    @Id
    private UUID id;

    @Column(nullable = false, updatable = false, length = 40)
    private String organisation;

    @Column(name = "dataspace_id", nullable = false, updatable = false)
    private UUID dataspaceId;

    @Column(name = "deployment_model", nullable = false, updatable = false, length = 20)
    private String deploymentModel;

    @Column(name = "idempotency_key", nullable = false, updatable = false, length = 200)
    private String idempotencyKey;

    @Column(name = "request_hash", nullable = false, updatable = false, length = 64)
    private String requestHash;

    @Column(name = "requested_by", nullable = false, updatable = false)
    private String requestedBy;

    @Column(nullable = false, length = 20)
    private String state;

    @Column(length = 20)
    private String step;

    @Column(nullable = false)
    private String steps;

    @Column(nullable = false)
    private String details;

    /** The last parse of {@link #steps} and {@link #details}, and the very strings they came from. */
    @Transient
    private transient String parsedStepsOf;
    @Transient
    private transient List<StepRecord> parsedSteps;
    @Transient
    private transient String parsedDetailsOf;
    @Transient
    private transient SortedMap<String, String> parsedDetails;

    @Column(nullable = false)
    private int attempt;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "waiting_for", length = 300)
    private String waitingFor;

    @Column(name = "fence", insertable = false, updatable = false)
    private long fence;

    @Column(length = 2000)
    private String outcome;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Version
    private long version;

    protected JoinFlow() {
        // for JPA
    }

    JoinFlow(String organisation, UUID dataspaceId, DeploymentModel model, String idempotencyKey, String requestHash,
            String requestedBy, Map<String, String> inputs, Instant now) {
        this.id = Ids.timeOrdered();
        this.organisation = organisation;
        this.dataspaceId = dataspaceId;
        this.deploymentModel = model.id();
        this.idempotencyKey = idempotencyKey;
        this.requestHash = requestHash;
        this.requestedBy = requestedBy;
        this.state = JoinState.RUNNING.id();
        this.step = JoinStep.REQUEST.id();
        List<StepRecord> all = new ArrayList<>();
        for (JoinStep s : JoinStep.values()) {
            all.add(s == JoinStep.REQUEST ? StepRecord.pending(s).working(now, s.working()) : StepRecord.pending(s));
        }
        writeSteps(all);
        this.details = toJson(new TreeMap<>(inputs));
        this.nextAttemptAt = now;
        this.createdAt = now;
        this.updatedAt = now;
    }

    // ---- transitions -------------------------------------------------------------------------

    /** The current step finished (done, or skipped by a person); the next one starts, or the join succeeded. */
    void stepFinished(StepRecord finished, Instant now) {
        replace(finished);
        attempt = 0;
        Optional<JoinStep> next = finished.step().next();
        if (next.isPresent()) {
            step = next.get().id();
            replace(record(next.get()).working(now, next.get().working()));
            running(now);
        } else {
            step = null;
            state = JoinState.SUCCEEDED.id();
            nextAttemptAt = null;
            waitingFor = null;
            finishedAt = now;
            outcome = "Joined: the connector answers and is published to the dataspace's members.";
        }
        updatedAt = now;
    }

    /** The step is still under way (waiting for something automatic); look again at {@code when}. */
    void stillWorking(String text, Instant when, Instant now) {
        replace(record(currentStep()).working(now, text));
        state = JoinState.RUNNING.id();
        waitingFor = null;
        nextAttemptAt = when;
        updatedAt = now;
    }

    /** An attempt failed and will be retried at {@code when}. */
    void attemptFailed(String error, Instant when, Instant now) {
        attempt++;
        replace(record(currentStep()).attemptFailed(now, error, "Attempt " + attempt + " failed; trying again at "
                + when.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ". " + currentStep().working()));
        state = JoinState.RUNNING.id();
        nextAttemptAt = when;
        updatedAt = now;
    }

    /** The step waits for a person: the authority, or the applicant. */
    void awaitPerson(JoinState waitingState, String who, String text, Instant now) {
        replace(record(currentStep()).waiting(now, text));
        state = waitingState.id();
        waitingFor = who;
        nextAttemptAt = null;
        updatedAt = now;
    }

    /** The step failed for good (or ran out of attempts): the join is failed until a person retries it. */
    void failed(String error, String explanation, Instant now) {
        attempt++;
        replace(record(currentStep()).failed(now, error, explanation));
        state = JoinState.FAILED.id();
        waitingFor = null;
        nextAttemptAt = null;
        finishedAt = now;
        outcome = "Failed at step '" + step + "': " + explanation;
        updatedAt = now;
    }

    /** A person's retry: the current step runs again now, with a fresh attempt budget. */
    void retried(String by, Instant now) {
        replace(record(currentStep()).retried(now, by));
        attempt = 0;
        running(now);
        finishedAt = null;
        outcome = null;
        updatedAt = now;
    }

    void cancelled(String by, String reason, Instant now) {
        state = JoinState.CANCELLED.id();
        nextAttemptAt = null;
        waitingFor = null;
        finishedAt = now;
        outcome = "Cancelled by " + by + ": " + reason;
        updatedAt = now;
    }

    /** Wakes a join that waits for a decision or for something outside (the authority decided; the wallet asked). */
    void wake(Instant now) {
        if (state().isWaitingForPerson() || JoinState.RUNNING.id().equals(state)) {
            running(now);
            updatedAt = now;
        }
    }

    private void running(Instant now) {
        state = JoinState.RUNNING.id();
        waitingFor = null;
        nextAttemptAt = now;
    }

    // ---- details -----------------------------------------------------------------

    void putDetails(Map<String, String> more) {
        SortedMap<String, String> all = details();
        all.putAll(more);
        details = toJson(all);
    }

    // ---- reading -----------------------------------------------------------------------------

    public UUID id() {
        return id;
    }

    public String organisation() {
        return organisation;
    }

    public UUID dataspaceId() {
        return dataspaceId;
    }

    public DeploymentModel deploymentModel() {
        return DeploymentModel.fromId(deploymentModel).orElseThrow();
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    public String requestHash() {
        return requestHash;
    }

    public String requestedBy() {
        return requestedBy;
    }

    public JoinState state() {
        return JoinState.fromId(state);
    }

    /** The step being worked on; empty once succeeded. */
    public Optional<JoinStep> step() {
        return step == null ? Optional.empty() : JoinStep.fromId(step);
    }

    JoinStep currentStep() {
        return step().orElseThrow(() -> new IllegalStateException("join " + id + " has no current step"));
    }

    public List<StepRecord> steps() {
        if (parsedSteps == null || parsedStepsOf != steps) { // parsed once per value the column holds
            try (JsonReader r = Json.createReader(new StringReader(steps))) {
                parsedSteps = r.readArray().getValuesAs(JsonObject.class).stream().map(StepRecord::of).toList();
            }
            parsedStepsOf = steps;
        }
        return parsedSteps;
    }

    StepRecord record(JoinStep s) {
        return steps().stream().filter(r -> r.step() == s).findFirst().orElseThrow();
    }

    /** What the steps established (DID, request id, resource names, endpoints); never secrets. */
    public SortedMap<String, String> details() {
        return new TreeMap<>(parsedDetails());
    }

    public String detail(String name) {
        return parsedDetails().get(name);
    }

    private SortedMap<String, String> parsedDetails() {
        if (parsedDetails == null || parsedDetailsOf != details) { // parsed once per value the column holds
            SortedMap<String, String> map = new TreeMap<>();
            try (JsonReader r = Json.createReader(new StringReader(details))) {
                r.readObject().forEach((k, v) -> map.put(k, ((JsonString) v).getString()));
            }
            parsedDetails = Collections.unmodifiableSortedMap(map);
            parsedDetailsOf = details;
        }
        return parsedDetails;
    }

    public int attempt() {
        return attempt;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public String waitingFor() {
        return waitingFor;
    }

    public long fence() {
        return fence;
    }

    public String outcome() {
        return outcome;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public long version() {
        return version;
    }

    private void replace(StepRecord changed) {
        List<StepRecord> all = new ArrayList<>(steps());
        all.replaceAll(r -> r.step() == changed.step() ? changed : r);
        writeSteps(all);
    }

    private void writeSteps(List<StepRecord> all) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        all.forEach(r -> a.add(r.json()));
        steps = a.build().toString();
    }

    private static String toJson(Map<String, String> map) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        map.forEach(b::add);
        return b.build().toString();
    }
}
