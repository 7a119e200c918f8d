package com.kaphera.cloud.governance.membership;

import com.kaphera.cloud.common.ConflictException;
import com.kaphera.cloud.governance.Dataspace;
import com.kaphera.cloud.governance.DataspaceProfile;
import com.kaphera.cloud.governance.OnboardingStepType;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An organisation's request to join a dataspace, checked against the profile version published when
 * it was submitted. The aggregate guards its state machine ({@link RequestState}); its steps, inputs
 * and plain-language history are stored as JSON beside it.
 */
@Entity
@Table(name = "membership_request")
public class MembershipRequest {
    @Id
    private UUID id;

    @Column(nullable = false, updatable = false, length = 40)
    private String organisation;

    @Column(name = "dataspace_id", nullable = false, updatable = false)
    private UUID dataspaceId;

    @Column(name = "profile_number", nullable = false, updatable = false)
    private int profileNumber;

    @Column(nullable = false, length = 20)
    private String state;

    @Column(name = "legal_entity_id", length = 64)
    private String legalEntityId;

    @Column(name = "holder_did", length = 500)
    private String holderDid;

    @Column(nullable = false)
    private String attestations;

    @Column(nullable = false)
    private String credentials;

    @Column(nullable = false)
    private String steps;

    @Column(nullable = false)
    private String history;

    @Column(length = 2000)
    private String reason;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "decided_at")
    private Instant decidedAt;

    @Column(name = "decided_by")
    private String decidedBy;

    @Version
    private long version;

    protected MembershipRequest() {
        // for JPA
    }

    MembershipRequest(String organisation, Dataspace dataspace, int profileNumber, DataspaceProfile profile,
            MembershipInputs inputs, String author, Instant now) {
        this.id = com.kaphera.cloud.common.Ids.timeOrdered();
        this.organisation = organisation;
        this.dataspaceId = dataspace.id();
        this.profileNumber = profileNumber;
        this.state = RequestState.SUBMITTED.id();
        this.createdAt = now;
        this.createdBy = author;
        this.updatedAt = now;
        setInputs(inputs);
        List<StepResult> pending = new ArrayList<>();
        List<DataspaceProfile.OnboardingStep> profileSteps = profile.steps();
        for (int i = 0; i < profileSteps.size(); i++) {
            DataspaceProfile.OnboardingStep s = profileSteps.get(i);
            String title = OnboardingStepType.fromId(s.type()).map(t -> t.describe(s.parameters())).orElse(s.type());
            pending.add(StepResult.pending(i, s.type(), title));
        }
        this.steps = write(pending);
        this.history = "[]";
        note(now, author, "submitted the request to join '" + dataspace.displayName() + "' under profile version "
                + profileNumber);
    }

    /** Moves to {@code target} if the state machine allows it, and says so in the history. */
    void moveTo(RequestState target, String by, String text, Instant now) {
        RequestState from = state();
        from.requireCanMoveTo(target);
        state = target.id();
        updatedAt = now;
        if (!target.isOpen()) {
            decidedAt = now;
            decidedBy = by;
        }
        if (from != target) {
            note(now, by, text);
        }
    }

    void requireOpen() {
        if (!state().isOpen()) {
            throw new ConflictException("The request is " + state + ", which is final; submit a new request to try again");
        }
    }

    void replaceStep(StepResult result, Instant now) {
        List<StepResult> all = new ArrayList<>(steps());
        all.set(result.position(), result);
        steps = write(all);
        updatedAt = now;
    }

    void changeInputs(MembershipInputs inputs, String by, Instant now) {
        requireOpen();
        setInputs(inputs);
        updatedAt = now;
        note(now, by, "changed the request's inputs");
    }

    void decide(String reasonText) {
        this.reason = reasonText;
    }

    void note(Instant at, String by, String text) {
        JsonArray old = Json.createReader(new StringReader(history)).readArray();
        history = Json.createArrayBuilder(old).add(Json.createObjectBuilder().add("at", at.toString()).add("by", by)
                .add("state", state).add("text", text)).build().toString();
    }

    private void setInputs(MembershipInputs inputs) {
        this.legalEntityId = inputs.legalEntityId();
        this.holderDid = inputs.holderDid();
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (MembershipInputs.Attestation at : inputs.attestations()) {
            var b = Json.createObjectBuilder().add("documentType", at.documentType()).add("name", at.name())
                    .add("sha256", at.sha256());
            if (at.url() != null) {
                b.add("url", at.url());
            }
            a.add(b);
        }
        this.attestations = a.build().toString();
        this.credentials = Json.createArrayBuilder(inputs.credentials()).build().toString();
    }

    private static String write(List<StepResult> results) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        results.forEach(r -> a.add(r.toJson()));
        return a.build().toString();
    }

    public MembershipInputs inputs() {
        List<MembershipInputs.Attestation> docs = Json.createReader(new StringReader(attestations)).readArray()
                .getValuesAs(JsonObject.class).stream()
                .map(o -> new MembershipInputs.Attestation(o.getString("documentType"), o.getString("name"),
                        o.getString("sha256"), o.getString("url", null)))
                .toList();
        List<String> creds = Json.createReader(new StringReader(credentials)).readArray()
                .getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        return new MembershipInputs(legalEntityId, holderDid, docs, creds);
    }

    /**
     * What can be done next, in plain language: a request is never left without one (a failed step
     * names what to change; every open request can be withdrawn, re-run or decided).
     */
    public List<String> nextActions() {
        List<String> actions = new ArrayList<>();
        switch (state()) {
            case SUBMITTED -> actions.add("Wait: the onboarding checks are starting");
            case VALIDATING, AWAITING_APPROVAL -> {
                for (StepResult s : steps()) {
                    int n = s.position() + 1;
                    if (s.status() == StepStatus.FAILED || s.status() == StepStatus.PENDING) {
                        actions.add("Step " + n + " (" + s.type() + ") " + (s.status() == StepStatus.FAILED
                                ? "failed: " + s.reason() : "has not run") + ". The applicant changes the request's inputs, "
                                + "or the applicant or the authority re-runs step " + n + " once what it checks has changed.");
                    } else if (s.status() == StepStatus.WAITING) {
                        actions.add("An authority admin approves or rejects (step " + n + ": " + s.reason() + ").");
                    }
                }
                if (state() == RequestState.AWAITING_APPROVAL && actions.isEmpty()) {
                    actions.add("An authority admin approves or rejects the request.");
                }
                actions.add("The applicant may withdraw the request.");
            }
            case APPROVED -> actions.add("None: the organisation is a member. Its wallet can request the dataspace's "
                    + "credentials from the dataspace's issuer.");
            case REJECTED, WITHDRAWN -> actions.add("Submit a new request once the reason is addressed.");
        }
        return actions;
    }

    public List<StepResult> steps() {
        return Json.createReader(new StringReader(steps)).readArray().getValuesAs(JsonObject.class).stream()
                .map(StepResult::fromJson).toList();
    }

    public JsonArray history() {
        return Json.createReader(new StringReader(history)).readArray();
    }

    public UUID id() {
        return id;
    }

    public String organisation() {
        return organisation;
    }

    public UUID dataspaceId() {
        return dataspaceId;
    }

    public int profileNumber() {
        return profileNumber;
    }

    public RequestState state() {
        return RequestState.fromId(state);
    }

    public String legalEntityId() {
        return legalEntityId;
    }

    public String holderDid() {
        return holderDid;
    }

    public String reason() {
        return reason;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String createdBy() {
        return createdBy;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Instant decidedAt() {
        return decidedAt;
    }

    public String decidedBy() {
        return decidedBy;
    }

    public long version() {
        return version;
    }
}
