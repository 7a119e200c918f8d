package com.kaphera.cloud.join;

import com.kaphera.cloud.governance.Dataspace;
import com.kaphera.cloud.governance.membership.Member;
import com.kaphera.cloud.governance.membership.MembershipInputs;
import com.kaphera.cloud.governance.membership.MembershipRequest;
import com.kaphera.cloud.governance.membership.MembershipService;
import com.kaphera.cloud.governance.membership.StepResult;
import com.kaphera.cloud.governance.membership.StepStatus;
import com.kaphera.cloud.tenancy.Caller;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The dataspace's authority on this platform: the join asks through {@link MembershipService}, as
 * the join's own system principal (the submitter's permission was checked when the join was
 * accepted), so the request's onboarding checks, approvals and audit entries are the governance
 * issue's, unchanged. An authority's decision wakes the join ({@link JoinWakeUps}).
 */
@Stateless
public class PlatformAuthority implements DataspaceAuthority {
    static final String REQUEST_ID = "membershipRequest";

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @EJB
    MembershipService memberships;

    @Override
    public StepOutcome membership(JoinFlow join, Dataspace dataspace, String did, String legalEntityId) {
        Member member = em.find(Member.class, new Member.Key(join.organisation(), dataspace.id()));
        if (member != null && join.detail(REQUEST_ID) == null) {
            join.putDetails(Map.of(JoinSteps.LEGAL_ENTITY, member.legalEntityId()));
            return did.equals(member.did())
                    ? new StepOutcome.Done("Your organisation is a member of " + dataspace.displayName() + " already.")
                    : new StepOutcome.Permanent("already a member with DID " + member.did(), "Your organisation is a "
                            + "member of " + dataspace.displayName() + " already, with the DID " + member.did()
                            + ". Join on-premise with that DID (holderDid), or ask the authority to end that membership.");
        }
        MembershipRequest request = Optional.ofNullable(join.detail(REQUEST_ID))
                .map(id -> em.find(MembershipRequest.class, UUID.fromString(id)))
                .orElse(null);
        if (request == null) {
            request = em.createQuery("select r from MembershipRequest r where r.organisation = :o and r.dataspaceId = :d "
                            + "and r.state in ('submitted', 'validating', 'awaiting-approval')", MembershipRequest.class)
                    .setParameter("o", join.organisation()).setParameter("d", dataspace.id()).getResultStream()
                    .findFirst().orElse(null);
            if (request != null && !did.equals(request.holderDid())) {
                return new StepOutcome.Permanent("an open membership request names another DID (" + request.holderDid() + ")",
                        "Your organisation has an open membership request for " + dataspace.displayName() + " with the DID "
                                + request.holderDid() + ". Withdraw it, or join on-premise with that DID, then retry.");
            }
        }
        if (request == null) {
            // A refusal (DomainException) rolls this transaction back; the worker records it as a failure.
            request = memberships.apply(Caller.system("join:" + join.id()), join.organisation(), dataspace.slug(),
                    inputs(join, did, legalEntityId));
        }
        if (join.detail(REQUEST_ID) == null) {
            join.putDetails(request.legalEntityId() == null ? Map.of(REQUEST_ID, request.id().toString())
                    : Map.of(REQUEST_ID, request.id().toString(), JoinSteps.LEGAL_ENTITY, request.legalEntityId()));
        }
        return where(request, dataspace, join);
    }

    private static StepOutcome where(MembershipRequest request, Dataspace dataspace, JoinFlow join) {
        String name = dataspace.displayName();
        return switch (request.state()) {
            case APPROVED -> new StepOutcome.Done("The authority of " + name + " approved your membership.");
            case AWAITING_APPROVAL -> new StepOutcome.AwaitPerson(JoinState.AWAITING_AUTHORITY,
                    "the governance authority of " + name, "Your request passed every automatic check. Waiting for the "
                            + "governance authority of " + name + " to approve it (membership request " + request.id() + ").");
            case SUBMITTED, VALIDATING -> {
                String problem = request.steps().stream()
                        .filter(s -> s.status() == StepStatus.FAILED || s.status() == StepStatus.PENDING).findFirst()
                        .map(PlatformAuthority::describe).orElse("an onboarding check has not passed");
                yield new StepOutcome.AwaitPerson(JoinState.AWAITING_APPLICANT, "an admin of " + join.organisation(),
                        "An onboarding check did not pass: " + problem + ". Change the membership request's inputs "
                                + "(PATCH /api/v1/organisations/" + join.organisation() + "/membership-requests/"
                                + request.id() + "); the join continues when the request passes.");
            }
            case REJECTED -> new StepOutcome.Permanent("rejected by the authority: " + request.reason(),
                    "The governance authority of " + name + " rejected the request: " + request.reason());
            case WITHDRAWN -> new StepOutcome.Permanent("the membership request was withdrawn",
                    "The membership request " + request.id() + " was withdrawn. Cancel this join and start a new one.");
        };
    }

    private static String describe(StepResult step) {
        return "step " + (step.position() + 1) + " (" + step.type() + "): " + step.reason();
    }

    private static MembershipInputs inputs(JoinFlow join, String did, String legalEntityId) {
        MembershipInputs given = JoinInputs.read(join.detail(JoinInputs.DETAIL));
        return new MembershipInputs(legalEntityId != null ? legalEntityId : given.legalEntityId(), did,
                given.attestations(), given.credentials());
    }
}
