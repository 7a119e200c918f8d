package com.kaphera.cloud.governance.api;

import com.kaphera.cloud.governance.membership.MembershipInputs;
import com.kaphera.cloud.governance.membership.MembershipRequest;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A membership request as the applicant and the authority see it: its state, every step with its
 * result and evidence, the plain-language history, and what can be done next.
 */
@Schema(name = "MembershipRequest")
public record MembershipRequestView(String id, String organisation, String dataspace, int profileVersion,
        @Schema(enumeration = {"submitted", "validating", "awaiting-approval", "approved", "rejected", "withdrawn"}) String state,
        String legalEntityId, String holderDid, List<InputsDocument.AttestationDocument> attestations,
        @Schema(description = "How many credentials were presented (their content stays with the applicant)") int credentialsPresented,
        List<StepView> steps,
        @Schema(description = "What happened, in plain language, oldest first") JsonArray history,
        @Schema(description = "What can be done next, in plain language") List<String> nextActions,
        String reason, Instant createdAt, String createdBy, Instant updatedAt, Instant decidedAt, String decidedBy) {

    /** One step's latest result. Positions in URLs count from 1. */
    @Schema(name = "OnboardingStepResult")
    public record StepView(int position, String type, String title,
            @Schema(enumeration = {"pending", "passed", "failed", "waiting"}) String status, String reason,
            JsonObject evidence, List<ApprovalView> approvals, Instant checkedAt, int runs) {
    }

    /** An authority admin's approval of a step. */
    @Schema(name = "StepApproval")
    public record ApprovalView(String subject, Instant at, String note) {
    }

    static MembershipRequestView of(MembershipRequest r, String dataspace) {
        MembershipInputs inputs = r.inputs();
        List<StepView> steps = r.steps().stream().map(s -> new StepView(s.position() + 1, s.type(), s.title(),
                s.status().id(), s.reason(), s.evidence(), s.approvals().stream().map(a -> new ApprovalView(a.subject(), a.at(), a.note()))
                        .toList(), s.checkedAt(), s.runs())).toList();
        return new MembershipRequestView(r.id().toString(), r.organisation(), dataspace, r.profileNumber(), r.state().id(),
                r.legalEntityId(), r.holderDid(), inputs.attestations().stream().map(InputsDocument.AttestationDocument::of).toList(), inputs.credentials().size(), steps, r.history(),
                r.nextActions(), r.reason(), r.createdAt(), r.createdBy(), r.updatedAt(), r.decidedAt(), r.decidedBy());
    }

    /** One page of requests, newest first. */
    public record Page(List<MembershipRequestView> items,
            @jakarta.json.bind.annotation.JsonbProperty("continue") String next) {
    }
}
