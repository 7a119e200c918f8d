package com.kaphera.cloud.governance.membership;

import com.kaphera.cloud.common.Times;
import com.kaphera.cloud.audit.AuditEvent;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.common.ConflictException;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.FreeText;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.common.PreconditionFailedException;
import com.kaphera.cloud.governance.Dataspace;
import com.kaphera.cloud.governance.DataspaceProfile;
import com.kaphera.cloud.governance.DataspaceService;
import com.kaphera.cloud.governance.OnboardingStepType;
import com.kaphera.cloud.governance.ProfileVersion;
import com.kaphera.cloud.organisation.Organisation;
import com.kaphera.cloud.organisation.OrganisationService;
import com.kaphera.cloud.persistence.Persistence;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Membership requests and members. Applicants (an organisation's admins) submit, change inputs,
 * re-run steps and withdraw; the dataspace's governance authority re-runs steps, approves and
 * rejects. Every transition is audited in the applicant organisation's chain and written to the
 * request's plain-language history. Nothing is ever stuck: a failed automatic step names what to
 * change, and every step can be re-run by either side while the request is open.
 */
@Stateless
public class MembershipService {
    public static final String KIND = "membership-request";
    public static final String APPLY = "membership.apply";
    public static final String CHANGE_INPUTS = "membership.change-inputs";
    public static final String RERUN = "membership.rerun-step";
    public static final String WITHDRAW = "membership.withdraw";
    public static final String APPROVE = "membership.approve";
    public static final String REJECT = "membership.reject";
    public static final String MIGRATE = "membership.migrate";

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @EJB
    DataspaceService dataspaces;

    @EJB
    OrganisationService organisations;

    @EJB
    OnboardingChecks checks;

    @EJB
    AuditTrail audit;

    @jakarta.inject.Inject
    jakarta.enterprise.event.Event<MembershipRequestChanged> changed;

    // ---- the applicant's side -------------------------------------------------------------------

    public MembershipRequest apply(Caller caller, String org, String dataspaceSlug, MembershipInputs given) {
        Permission.MEMBERSHIPS_APPLY.require(caller, org);
        Organisation applicant = organisations.find(caller, org);
        MembershipInputs inputs = withDefaults(given, applicant);
        List<FieldError> problems = inputs.problems();
        requireIdentity(inputs, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The request is not valid", problems);
        }
        InvalidInputException unknown = new InvalidInputException("The request is not valid",
                List.of(new FieldError("dataspace", "no published dataspace '" + dataspaceSlug + "'")));
        Dataspace dataspace;
        try {
            dataspace = dataspaces.require(dataspaceSlug);
        } catch (NotFoundException e) {
            throw unknown;
        }
        if (dataspace.isRemote()) {
            throw new ConflictException("Dataspace '" + dataspaceSlug + "' is governed on another platform: start a join "
                    + "(POST /api/v1/organisations/" + org + "/joins), which asks its authority there");
        }
        ProfileVersion published = dataspaces.published(dataspace).orElseThrow(() -> unknown);
        if (em.find(Member.class, new Member.Key(org, dataspace.id())) != null) {
            throw new ConflictException("Organisation '" + org + "' is already a member of '" + dataspaceSlug + "'");
        }
        if (!open(org, dataspace).isEmpty()) {
            throw new ConflictException("Organisation '" + org + "' already has an open request for '" + dataspaceSlug
                    + "'; change or withdraw that one");
        }
        DataspaceProfile profile = published.profile();
        MembershipRequest request = new MembershipRequest(org, dataspace, published.number(), profile, inputs,
                caller.subject(), Times.now());
        em.persist(request);
        Persistence.flush(em, "Organisation '" + org + "' already has an open request for '" + dataspaceSlug + "'");
        audit.record(caller, org, AuditEvent.success(APPLY, KIND, request.id().toString(), 201,
                Json.createObjectBuilder().add("dataspace", dataspaceSlug).add("profileVersion", published.number()).build(),
                "asked to join dataspace '" + dataspace.displayName() + "'"));
        request.moveTo(RequestState.VALIDATING, caller.subject(), "the onboarding checks started", Times.now());
        for (StepResult step : request.steps()) {
            runStep(request, step, profile);
        }
        settle(caller, request, dataspace, profile);
        return request;
    }

    public Page<MembershipRequest> listForOrganisation(Caller caller, String org, int limit, String continueToken) {
        Permission.MEMBERSHIPS_READ.require(caller, org);
        return page(em.createQuery("select r from MembershipRequest r where r.organisation = :o"
                + (continueToken == null ? "" : " and r.id < :after") + " order by r.id desc", MembershipRequest.class)
                .setParameter("o", org), limit, continueToken);
    }

    public MembershipRequest getForOrganisation(Caller caller, String org, String id) {
        Permission.MEMBERSHIPS_READ.require(caller, org);
        return ofOrganisation(org, id);
    }

    public MembershipRequest changeInputs(Caller caller, String org, String id, MembershipInputs inputs, Long expectedVersion) {
        Permission.MEMBERSHIPS_APPLY.require(caller, org);
        List<FieldError> problems = inputs.problems();
        requireIdentity(inputs, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The request is not valid", problems);
        }
        MembershipRequest request = locked(ofOrganisation(org, id), expectedVersion);
        request.changeInputs(inputs, caller.subject(), Times.now());
        DataspaceProfile profile = profileOf(request);
        // Approvals were given for the old inputs: every step runs again.
        for (StepResult step : request.steps()) {
            runStep(request, step, profile);
        }
        audit.record(caller, org, AuditEvent.success(CHANGE_INPUTS, KIND, id, 200, null,
                "changed the inputs of the request to join '" + dataspace(request).displayName() + "'; its steps ran again"));
        settle(caller, request, dataspace(request), profile);
        return request;
    }

    public MembershipRequest rerunAsApplicant(Caller caller, String org, String id, int position) {
        Permission.MEMBERSHIPS_APPLY.require(caller, org);
        return rerun(caller, locked(ofOrganisation(org, id), null), position);
    }

    public MembershipRequest withdraw(Caller caller, String org, String id, String reason) {
        Permission.MEMBERSHIPS_APPLY.require(caller, org);
        checkReason(reason, false);
        MembershipRequest request = locked(ofOrganisation(org, id), null);
        request.moveTo(RequestState.WITHDRAWN, caller.subject(), "withdrew the request"
                + (reason == null ? "" : ": " + reason), Times.now());
        request.decide(reason);
        Persistence.flush(em, "The request was changed concurrently; read it again and retry");
        audit.record(caller, org, AuditEvent.success(WITHDRAW, KIND, id, 200, null,
                "withdrew the request to join '" + dataspace(request).displayName() + "'"));
        changed.fire(new MembershipRequestChanged(request.organisation(), request.dataspaceId(), request.id()));
        return request;
    }

    /** The dataspaces the organisation is a member of. */
    public List<Member> memberships(Caller caller, String org) {
        Permission.MEMBERSHIPS_READ.require(caller, org);
        return em.createQuery("select m from Member m where m.organisation = :o order by m.joinedAt", Member.class)
                .setParameter("o", org).getResultList();
    }

    /**
     * Discovery: the members of a dataspace, for an organisation that is a member itself. Anyone else
     * learns nothing about them (404, as if the dataspace had no members to show).
     */
    public List<Member> fellowMembers(Caller caller, String org, String dataspaceSlug) {
        Permission.MEMBERSHIPS_READ.require(caller, org);
        Dataspace dataspace = dataspaces.require(dataspaceSlug);
        if (em.find(Member.class, new Member.Key(org, dataspace.id())) == null) {
            throw new NotFoundException("membership", org + " in " + dataspaceSlug);
        }
        return members(dataspace);
    }

    // ---- the governance authority's side -------------------------------------------------------

    public Page<MembershipRequest> listForDataspace(Caller caller, String dataspaceSlug, RequestState state, int limit,
            String continueToken) {
        Permission.GOVERNANCE_READ.require(caller, dataspaceSlug);
        Dataspace dataspace = dataspaces.require(dataspaceSlug);
        TypedQuery<MembershipRequest> q = em.createQuery("select r from MembershipRequest r where r.dataspaceId = :d"
                + (state == null ? "" : " and r.state = :s") + (continueToken == null ? "" : " and r.id < :after")
                + " order by r.id desc", MembershipRequest.class).setParameter("d", dataspace.id());
        if (state != null) {
            q.setParameter("s", state.id());
        }
        return page(q, limit, continueToken);
    }

    public MembershipRequest getForDataspace(Caller caller, String dataspaceSlug, String id) {
        Permission.GOVERNANCE_READ.require(caller, dataspaceSlug);
        return ofDataspace(dataspaceSlug, id);
    }

    public MembershipRequest rerunAsAuthority(Caller caller, String dataspaceSlug, String id, int position) {
        Permission.REQUESTS_DECIDE.require(caller, dataspaceSlug);
        return rerun(caller, locked(ofDataspace(dataspaceSlug, id), null), position);
    }

    /**
     * Approves the first step waiting for a person (a four-eyes step needs a second, different
     * admin); with no approval step in the profile and auto-approval off, approves the request itself.
     */
    public MembershipRequest approve(Caller caller, String dataspaceSlug, String id, String note, Long expectedVersion) {
        Permission.REQUESTS_DECIDE.require(caller, dataspaceSlug);
        checkReason(note, false);
        MembershipRequest request = locked(ofDataspace(dataspaceSlug, id), expectedVersion);
        request.requireOpen();
        if (request.state() != RequestState.AWAITING_APPROVAL) {
            throw new ConflictException("The request is " + request.state().id() + ": its automatic checks must pass "
                    + "before anyone approves it (see its steps)");
        }
        Dataspace dataspace = dataspace(request);
        DataspaceProfile profile = profileOf(request);
        Optional<StepResult> waiting = request.steps().stream().filter(s -> s.status() == StepStatus.WAITING).findFirst();
        String action;
        if (waiting.isPresent()) {
            StepResult step = waiting.get();
            boolean fourEyes = OnboardingStepType.FOUR_EYES_APPROVAL.id().equals(step.type());
            if (step.approvals().stream().anyMatch(a -> a.subject().equals(caller.subject()))) {
                throw new ConflictException("You approved step " + (step.position() + 1) + " already; a second, "
                        + "different authority admin must approve it");
            }
            int needed = fourEyes ? 2 : 1;
            boolean done = step.approvals().size() + 1 >= needed;
            StepResult.Approval approval = new StepResult.Approval(caller.subject(), Times.now(), note);
            request.replaceStep(step.approvedBy(approval, done ? StepStatus.PASSED : StepStatus.WAITING,
                    done ? "approved by " + (fourEyes ? step.approvals().get(0).subject() + " and " : "") + caller.subject()
                            : "approved by " + caller.subject() + "; waiting for a second, different authority admin"), Times.now());
            request.note(Times.now(), caller.subject(), "approved step " + (step.position() + 1) + " (" + step.type() + ")"
                    + (note == null ? "" : ": " + note));
            action = "approved step " + (step.position() + 1) + " of the request to join '" + dataspace.displayName() + "'";
        } else {
            request.decide(note);
            request.moveTo(RequestState.APPROVED, caller.subject(), "approved the request" + (note == null ? "" : ": " + note),
                    Times.now());
            action = "approved the request to join '" + dataspace.displayName() + "'";
        }
        audit.record(caller, request.organisation(), AuditEvent.success(APPROVE, KIND, id, 200, null, action));
        settle(caller, request, dataspace, profile);
        return request;
    }

    public MembershipRequest reject(Caller caller, String dataspaceSlug, String id, String reason) {
        Permission.REQUESTS_DECIDE.require(caller, dataspaceSlug);
        checkReason(reason, true);
        MembershipRequest request = locked(ofDataspace(dataspaceSlug, id), null);
        request.moveTo(RequestState.REJECTED, caller.subject(), "rejected the request: " + reason, Times.now());
        request.decide(reason);
        Persistence.flush(em, "The request was changed concurrently; read it again and retry");
        audit.record(caller, request.organisation(), AuditEvent.success(REJECT, KIND, id, 200, null,
                "rejected the request to join '" + dataspace(request).displayName() + "': " + reason));
        changed.fire(new MembershipRequestChanged(request.organisation(), request.dataspaceId(), request.id()));
        return request;
    }

    /** The members, for the governance authority. */
    public List<Member> members(Caller caller, String dataspaceSlug) {
        Permission.GOVERNANCE_READ.require(caller, dataspaceSlug);
        return members(dataspaces.require(dataspaceSlug));
    }

    /** Binds a member to the dataspace's published profile version (after the authority reviewed the change). */
    public Member migrate(Caller caller, String dataspaceSlug, String org) {
        Permission.GOVERNANCE_MANAGE.require(caller, dataspaceSlug);
        Dataspace dataspace = dataspaces.require(dataspaceSlug);
        Member member = Optional.ofNullable(em.find(Member.class, new Member.Key(org, dataspace.id()),
                LockModeType.PESSIMISTIC_WRITE)).orElseThrow(() -> new NotFoundException("member", org));
        ProfileVersion published = dataspaces.published(dataspace)
                .orElseThrow(() -> new ConflictException("Dataspace '" + dataspaceSlug + "' has no published profile"));
        int from = member.profileNumber();
        member.migrateTo(published.number());
        audit.record(caller, org, AuditEvent.success(MIGRATE, "dataspace-member", org + "@" + dataspaceSlug, 200, null,
                "moved the membership in '" + dataspace.displayName() + "' from profile version " + from + " to "
                        + published.number()));
        return member;
    }

    /** For the credential issuer (server's own work): the member of the dataspace holding that DID. */
    public Optional<Member> memberByDid(Dataspace dataspace, String did) {
        return em.createQuery("select m from Member m where m.dataspaceId = :d and m.did = :did", Member.class)
                .setParameter("d", dataspace.id()).setParameter("did", did).getResultStream().findFirst();
    }

    /** The slug of the member's dataspace, for views. */
    public String dataspaceSlug(Member member) {
        return em.find(Dataspace.class, member.dataspaceId()).slug();
    }

    /** The slug of the request's dataspace, for views. */
    public String dataspaceSlug(MembershipRequest request) {
        return dataspace(request).slug();
    }

    // ---- the state machine ---------------------------------------------------------------------

    private MembershipRequest rerun(Caller caller, MembershipRequest request, int position) {
        request.requireOpen();
        List<StepResult> steps = request.steps();
        if (position < 1 || position > steps.size()) {
            throw new NotFoundException("step", Integer.toString(position));
        }
        StepResult step = steps.get(position - 1);
        DataspaceProfile profile = profileOf(request);
        runStep(request, step, profile);
        StepResult after = request.steps().get(position - 1);
        request.note(Times.now(), caller.subject(), "re-ran step " + position + " (" + step.type() + "): " + after.status().id()
                + ", " + after.reason());
        audit.record(caller, request.organisation(), AuditEvent.success(RERUN, KIND, request.id().toString(), 200,
                Json.createObjectBuilder().add("step", position).add("status", after.status().id()).build(),
                "re-ran step " + position + " (" + step.type() + ") of the request to join '"
                        + dataspace(request).displayName() + "': " + after.status().id()));
        settle(caller, request, dataspace(request), profile);
        return request;
    }

    private void runStep(MembershipRequest request, StepResult step, DataspaceProfile profile) {
        DataspaceProfile.OnboardingStep spec = profile.steps().get(step.position());
        request.replaceStep(checks.run(step, spec, request, profile, Times.now()), Times.now());
    }

    /** Moves the request to where its steps put it; approval creates the member. */
    private void settle(Caller caller, MembershipRequest request, Dataspace dataspace, DataspaceProfile profile) {
        List<StepResult> steps = request.steps();
        Optional<StepResult> failed = steps.stream().filter(s -> s.status() == StepStatus.FAILED
                || s.status() == StepStatus.PENDING).findFirst();
        boolean waiting = steps.stream().anyMatch(s -> s.status() == StepStatus.WAITING);
        boolean hasApprovalSteps = steps.stream().anyMatch(s -> OnboardingStepType.fromId(s.type())
                .map(OnboardingStepType::needsPerson).orElse(false));
        RequestState state = request.state();
        if (failed.isPresent()) {
            StepResult f = failed.get();
            if (state != RequestState.VALIDATING) {
                request.moveTo(RequestState.VALIDATING, caller.subject(), "step " + (f.position() + 1) + " needs attention: "
                        + f.reason(), Times.now());
            } else {
                request.note(Times.now(), caller.subject(), "step " + (f.position() + 1) + " (" + f.type() + ") failed: " + f.reason()
                        + ". Change the request's inputs, or re-run the step once its inputs changed");
            }
        } else if (state == RequestState.APPROVED) {
            admit(caller, request, dataspace);
        } else if (waiting || (!hasApprovalSteps && !profile.autoApprove())) {
            if (state != RequestState.AWAITING_APPROVAL) {
                request.moveTo(RequestState.AWAITING_APPROVAL, caller.subject(), "all automatic checks passed; waiting for "
                        + "the governance authority to approve", Times.now());
            }
        } else {
            request.moveTo(RequestState.APPROVED, caller.subject(), hasApprovalSteps
                    ? "every step passed: the organisation is a member"
                    : "every check passed and the dataspace approves such requests automatically", Times.now());
            admit(caller, request, dataspace);
        }
        Persistence.flush(em, "The request was changed concurrently; read it again and retry");
        changed.fire(new MembershipRequestChanged(request.organisation(), request.dataspaceId(), request.id()));
    }

    private void admit(Caller caller, MembershipRequest request, Dataspace dataspace) {
        em.refresh(dataspace, LockModeType.PESSIMISTIC_WRITE);
        em.persist(new Member(request, Times.now()));
        dataspace.countMember(1, Times.now());
        Persistence.flush(em, "Another member of '" + dataspace.slug() + "' already has legal-entity identifier '"
                + request.legalEntityId() + "' or DID '" + request.holderDid() + "'");
        audit.record(caller, request.organisation(), AuditEvent.success(APPROVE, "dataspace-member",
                request.organisation() + "@" + dataspace.slug(), 200, Json.createObjectBuilder()
                        .add("legalEntityId", request.legalEntityId()).add("did", request.holderDid())
                        .add("profileVersion", request.profileNumber()).build(),
                "became a member of dataspace '" + dataspace.displayName() + "'"));
    }

    // ---- lookups -------------------------------------------------------------------------------

    private List<Member> members(Dataspace dataspace) {
        return em.createQuery("select m from Member m where m.dataspaceId = :d order by m.organisation", Member.class)
                .setParameter("d", dataspace.id()).getResultList();
    }

    private List<MembershipRequest> open(String org, Dataspace dataspace) {
        return em.createQuery("select r from MembershipRequest r where r.organisation = :o and r.dataspaceId = :d "
                        + "and r.state in ('submitted', 'validating', 'awaiting-approval')", MembershipRequest.class)
                .setParameter("o", org).setParameter("d", dataspace.id()).getResultList();
    }

    private MembershipRequest ofOrganisation(String org, String id) {
        MembershipRequest r = byId(id);
        if (r == null || !r.organisation().equals(org)) {
            throw new NotFoundException(KIND, id);
        }
        return r;
    }

    private MembershipRequest ofDataspace(String dataspaceSlug, String id) {
        Dataspace dataspace = dataspaces.require(dataspaceSlug);
        MembershipRequest r = byId(id);
        if (r == null || !r.dataspaceId().equals(dataspace.id())) {
            throw new NotFoundException(KIND, id);
        }
        return r;
    }

    private MembershipRequest byId(String id) {
        try {
            return em.find(MembershipRequest.class, UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private MembershipRequest locked(MembershipRequest request, Long expectedVersion) {
        // Re-read under a row lock: a plain lock would check the version read earlier and fail on a concurrent change.
        em.refresh(request, LockModeType.PESSIMISTIC_WRITE);
        if (expectedVersion != null && expectedVersion != request.version()) {
            throw new PreconditionFailedException("The request is at revision " + request.version() + ", not "
                    + expectedVersion + "; read it again and retry");
        }
        return request;
    }

    private Dataspace dataspace(MembershipRequest request) {
        return em.find(Dataspace.class, request.dataspaceId());
    }

    private DataspaceProfile profileOf(MembershipRequest request) {
        return em.find(ProfileVersion.class, new ProfileVersion.Key(request.dataspaceId(), request.profileNumber()))
                .profile();
    }

    private static MembershipInputs withDefaults(MembershipInputs given, Organisation applicant) {
        return given.legalEntityId() != null || applicant.legalEntityId() == null ? given
                : new MembershipInputs(applicant.legalEntityId(), given.holderDid(), given.attestations(), given.credentials());
    }

    /** A member is a legal entity with a wallet: both are needed whatever the profile's steps. */
    private static void requireIdentity(MembershipInputs inputs, List<FieldError> problems) {
        if (inputs.holderDid() == null) {
            problems.add(new FieldError("holderDid", "is required: the DID of the participant's wallet"));
        }
        if (inputs.legalEntityId() == null) {
            problems.add(new FieldError("legalEntityId", "is required (the organisation has none registered): "
                    + "the legal-entity identifier, e.g. a BPNL"));
        }
    }

    private static void checkReason(String reason, boolean required) {
        FreeText.checkReason(reason, required ? "tell the applicant why, in plain language" : null, "decision");
    }

    private static Page<MembershipRequest> page(TypedQuery<MembershipRequest> q, int limit, String continueToken) {
        return com.kaphera.cloud.persistence.UuidKeysetPages.page(q, limit, continueToken, MembershipRequest::id);
    }

}
