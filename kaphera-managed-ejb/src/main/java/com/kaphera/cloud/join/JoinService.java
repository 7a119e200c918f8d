package com.kaphera.cloud.join;

import com.kaphera.cloud.audit.AuditEvent;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.common.ConflictException;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.FreeText;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.common.Times;
import com.kaphera.cloud.common.UnavailableException;
import com.kaphera.cloud.governance.Dataspace;
import com.kaphera.cloud.governance.DataspaceService;
import com.kaphera.cloud.governance.membership.MembershipInputs;
import com.kaphera.cloud.governance.membership.MembershipRequest;
import com.kaphera.cloud.governance.membership.MembershipService;
import com.kaphera.cloud.organisation.OrganisationNamespaces;
import com.kaphera.cloud.organisation.OrganisationService;
import com.kaphera.cloud.persistence.Persistence;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Joins as people see and steer them: start one (idempotent on the Idempotency-Key), read and list,
 * follow its events, and act when it needs a person: retry or skip a step, cancel (with its
 * compensations), report an on-premise connector. Applicant admins act on their organisation's
 * joins, the dataspace's authority admins on joins into their dataspace, platform support on all.
 * Every person's action bumps the join's fencing token, so a worker in the middle of the step
 * records nothing afterwards.
 */
@Stateless
public class JoinService {
    public static final String KIND = "join";
    public static final String START = "join.start";
    public static final String RETRY = "join.retry";
    public static final String SKIP = "join.skip";
    public static final String CANCEL = "join.cancel";
    public static final String REPORT = "join.report-connector";

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @EJB
    DataspaceService dataspaces;

    @EJB
    OrganisationService organisations;

    @EJB
    MembershipService memberships;

    @EJB
    JoinSteps steps;

    @EJB
    JoinEvents events;

    @EJB
    AuditTrail audit;

    @Inject
    Connectors connectors;

    @Inject
    OrganisationNamespaces namespaces;

    @Inject
    com.kaphera.cloud.governance.credentials.IssuerEndpoints issuer;

    /** A join and whether this call created it (false: the same Idempotency-Key and body again). */
    public record Submitted(JoinFlow join, String dataspace, boolean created) {
    }

    public Submitted submit(Caller caller, String org, String idempotencyKey, JoinRequest request) {
        Permission.JOINS_START.require(caller, org);
        organisations.find(caller, org);
        List<FieldError> problems = new ArrayList<>();
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 200
                || !idempotencyKey.matches("^[\\x21-\\x7e]+$")) {
            problems.add(new FieldError("Idempotency-Key", "header is required: 1-200 visible ASCII characters, the same "
                    + "for every retry of this request (e.g. a UUID)"));
        }
        if (request.dataspace() == null || request.dataspace().isBlank()) {
            problems.add(new FieldError("dataspace", "is required: the slug of a published dataspace"));
        }
        DeploymentModel model = request.deploymentModel() == null ? null
                : DeploymentModel.fromId(request.deploymentModel()).orElse(null);
        if (model == null) {
            problems.add(new FieldError("deploymentModel", "must be one of " + DeploymentModel.ids()));
        }
        MembershipInputs inputs = request.inputs();
        problems.addAll(inputs.problems());
        if (model == DeploymentModel.ON_PREMISE && inputs.holderDid() == null) {
            problems.add(new FieldError("holderDid", "is required on-premise: the DID your own wallet holds"));
        }
        if (model != null && model.platformWallet() && inputs.holderDid() != null) {
            problems.add(new FieldError("holderDid", "must be left out: the platform creates the DID in your wallet "
                    + "(use on-premise to bring your own)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The join is not valid", problems);
        }
        String hash = hash(request.dataspace(), model, inputs);
        // Same key at once from two requests: the second waits here, then finds the first's join.
        em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, "join:" + org + ":" + idempotencyKey).getSingleResult();
        List<JoinFlow> earlier = em.createQuery("select j from JoinFlow j where j.organisation = :o and j.idempotencyKey = :k",
                JoinFlow.class).setParameter("o", org).setParameter("k", idempotencyKey).getResultList();
        if (!earlier.isEmpty()) {
            JoinFlow join = earlier.get(0);
            if (!join.requestHash().equals(hash)) {
                throw new IdempotencyKeyReusedException("The Idempotency-Key '" + idempotencyKey + "' was used for another "
                        + "join request (join " + join.id() + "); use a new key for a different request");
            }
            return new Submitted(join, slugOf(join), false);
        }
        Dataspace dataspace = publishedDataspace(request.dataspace());
        if (dataspace.isRemote() && !model.platformWallet()) {
            throw new InvalidInputException("The join is not valid", List.of(new FieldError("deploymentModel",
                    "on-premise joins of a dataspace hosted on another platform are not supported: the platform cannot see "
                            + "your wallet's credentials; use shared-managed or dedicated-managed")));
        }
        List<JoinFlow> open = em.createQuery("select j from JoinFlow j where j.organisation = :o and j.dataspaceId = :d "
                + "and j.state <> 'cancelled'", JoinFlow.class).setParameter("o", org).setParameter("d", dataspace.id())
                .getResultList();
        if (!open.isEmpty()) {
            throw new ConflictException("Organisation '" + org + "' has a join for '" + dataspace.slug() + "' already ("
                    + open.get(0).id() + ", " + open.get(0).state().id() + "): retry or cancel that one");
        }
        JoinFlow join = new JoinFlow(org, dataspace.id(), model, idempotencyKey, hash, caller.subject(),
                Map.of(JoinInputs.DETAIL, JoinInputs.write(inputs)), Times.now());
        try {
            join.putDetails(steps.plan(join, dataspace.slug()));
        } catch (IllegalStateException e) {
            throw new UnavailableException(e.getMessage(), 0, null);
        }
        em.persist(join);
        Persistence.flush(em, "Organisation '" + org + "' has a join for '" + dataspace.slug() + "' already");
        audit.record(caller, org, AuditEvent.success(START, KIND, join.id().toString(), 202,
                Json.createObjectBuilder().add("dataspace", dataspace.slug()).add("deploymentModel", model.id()).build(),
                "started joining dataspace '" + dataspace.displayName() + "' (" + model.id() + ")"));
        events.record(join, dataspace, "submitted");
        return new Submitted(join, dataspace.slug(), true);
    }

    public JoinFlow get(Caller caller, String org, String id) {
        Permission.JOINS_READ.require(caller, org);
        return ofOrganisation(org, id);
    }

    public Page<JoinFlow> list(Caller caller, String org, int limit, String continueToken) {
        Permission.JOINS_READ.require(caller, org);
        return page(em.createQuery("select j from JoinFlow j where j.organisation = :o"
                + (continueToken == null ? "" : " and j.id < :after") + " order by j.id desc", JoinFlow.class)
                .setParameter("o", org), limit, continueToken);
    }

    public JoinFlow getForDataspace(Caller caller, String slug, String id) {
        Permission.GOVERNANCE_READ.require(caller, slug);
        return ofDataspace(slug, id);
    }

    public Page<JoinFlow> listForDataspace(Caller caller, String slug, int limit, String continueToken) {
        Permission.GOVERNANCE_READ.require(caller, slug);
        Dataspace dataspace = dataspaces.require(slug);
        return page(em.createQuery("select j from JoinFlow j where j.dataspaceId = :d"
                + (continueToken == null ? "" : " and j.id < :after") + " order by j.id desc", JoinFlow.class)
                .setParameter("d", dataspace.id()), limit, continueToken);
    }

    /** Events after {@code afterSeq} of a join the caller may read. */
    public List<JoinEvent> events(Caller caller, String org, String id, long afterSeq, int limit) {
        JoinFlow join = get(caller, org, id);
        return events.after(join.id(), afterSeq, limit);
    }

    public JoinFlow retry(Caller caller, String org, String id, String reason) {
        Permission.JOINS_MANAGE.require(caller, org);
        return retry(caller, locked(ofOrganisation(org, id)), reason);
    }

    public JoinFlow retryAsAuthority(Caller caller, String slug, String id, String reason) {
        Permission.JOINS_INTERVENE.require(caller, slug);
        return retry(caller, locked(ofDataspace(slug, id)), reason);
    }

    public JoinFlow skip(Caller caller, String org, String id, String step, String reason) {
        Permission.JOINS_MANAGE.require(caller, org);
        return skip(caller, locked(ofOrganisation(org, id)), step, reason);
    }

    public JoinFlow skipAsAuthority(Caller caller, String slug, String id, String step, String reason) {
        Permission.JOINS_INTERVENE.require(caller, slug);
        return skip(caller, locked(ofDataspace(slug, id)), step, reason);
    }

    /**
     * Cancels: deletes the connector's resources and Secrets a managed join created (dedicated managed:
     * also the organisation's wallet infrastructure, and with it the identity in it), withdraws a
     * membership request still open; keeps a shared wallet's identity, an approved membership and issued
     * credentials (the authority revokes those). A Kubernetes API that is away leaves everything as it was (503).
     */
    public JoinFlow cancel(Caller caller, String org, String id, String reason) {
        Permission.JOINS_MANAGE.require(caller, org);
        checkReason(reason, false);
        JoinFlow join = locked(ofOrganisation(org, id));
        if (join.state() == JoinState.SUCCEEDED || join.state() == JoinState.CANCELLED) {
            throw new ConflictException("The join is " + join.state().id() + ": there is nothing left to cancel"
                    + (join.state() == JoinState.SUCCEEDED ? " (delete the connector's resources to stop it)" : ""));
        }
        Dataspace dataspace = em.find(Dataspace.class, join.dataspaceId());
        List<String> undone = new ArrayList<>();
        // Dedicated managed: the identity step creates the organisation's wallet infrastructure, possibly
        // before anything was recorded (a crash, a wallet not Ready yet): look once that step was reached.
        boolean walletReached = join.deploymentModel() == DeploymentModel.DEDICATED_MANAGED
                && join.currentStep() != JoinStep.REQUEST;
        if (walletReached || join.detail(JoinSteps.RESOURCES) != null || join.detail(JoinSteps.NAMESPACE) != null) {
            undone.addAll(connectors.deprovision(join.id().toString(), namespaces.namespaceOf(org), join.deploymentModel(),
                    dataspace.slug()));
        }
        String requestId = join.detail(PlatformAuthority.REQUEST_ID);
        if (requestId != null) {
            MembershipRequest request = em.find(MembershipRequest.class, UUID.fromString(requestId));
            if (request != null && request.state().isOpen()) {
                memberships.withdraw(Caller.system("join:" + join.id()), org, requestId, "the join was cancelled");
                undone.add("membership request " + requestId + " withdrawn");
            }
        }
        String by = caller.subject();
        fence(join);
        join.cancelled(by, reason == null ? "no reason given" : reason, Times.now());
        join.putDetails(Map.of("undone", String.join(", ", undone)));
        audit.record(caller, org, AuditEvent.success(CANCEL, KIND, id, 200, Json.createObjectBuilder()
                .add("undone", Json.createArrayBuilder(undone)).build(), "cancelled the join to '" + dataspace.displayName()
                + "'" + (undone.isEmpty() ? "" : "; undone: " + String.join(", ", undone))));
        events.record(join, dataspace, "state");
        return join;
    }

    /** On-premise: the customer's connector is running; its DSP endpoint is checked in the ready step. */
    public JoinFlow reportConnector(Caller caller, String org, String id, String dspEndpoint) {
        Permission.JOINS_MANAGE.require(caller, org);
        if (dspEndpoint == null || dspEndpoint.length() > 1000 || !dspEndpoint.matches(issuer.didWebHttps()
                ? "^https://[^\\s]+$" : "^https?://[^\\s]+$")) {
            throw new InvalidInputException(new FieldError("dspEndpoint", "is required: your connector's DSP base URL ("
                    + (issuer.didWebHttps() ? "https" : "http or https") + ", at most 1000 characters)"));
        }
        JoinFlow join = locked(ofOrganisation(org, id));
        if (join.deploymentModel() != DeploymentModel.ON_PREMISE || join.step().orElse(null) != JoinStep.CONNECTOR) {
            throw new ConflictException("Only an on-premise join at its connector step takes a connector report; this "
                    + "one is " + join.deploymentModel().id() + ", " + join.state().id()
                    + join.step().map(s -> " at step " + s.id()).orElse(""));
        }
        join.putDetails(Map.of(JoinSteps.DSP, dspEndpoint));
        join.wake(Times.now());
        audit.record(caller, org, AuditEvent.success(REPORT, KIND, id, 200, Json.createObjectBuilder()
                .add("dspEndpoint", dspEndpoint).build(), "reported the on-premise connector at " + dspEndpoint));
        events.record(join, em.find(Dataspace.class, join.dataspaceId()), "step");
        return join;
    }

    /** The resources for the join's connector, as the customer's operators would apply them (no secret values). */
    public List<JsonObject> bundle(Caller caller, String org, String id) {
        JoinFlow join = get(caller, org, id);
        Dataspace dataspace = em.find(Dataspace.class, join.dataspaceId());
        return connectors.bundle(join, dataspace.slug(), steps.wiring(join, dataspace).withoutSecrets());
    }

    public String slugOf(JoinFlow join) {
        return em.find(Dataspace.class, join.dataspaceId()).slug();
    }

    private JoinFlow retry(Caller caller, JoinFlow join, String reason) {
        checkReason(reason, false);
        // Running: "try now" (e.g. during a backoff, once the cause is fixed). Awaiting the authority: it decides instead.
        boolean retryable = join.state() == JoinState.FAILED || join.state() == JoinState.AWAITING_APPLICANT
                || join.state() == JoinState.RUNNING;
        if (!retryable) {
            throw new ConflictException("The join is " + join.state().id() + (join.state() == JoinState.AWAITING_AUTHORITY
                    ? ": the authority approves or rejects its membership request" : ": there is nothing to retry"));
        }
        fence(join);
        JoinStep step = join.currentStep();
        join.retried(caller.subject(), Times.now());
        Dataspace dataspace = em.find(Dataspace.class, join.dataspaceId());
        audit.record(caller, join.organisation(), AuditEvent.success(RETRY, KIND, join.id().toString(), 200,
                Json.createObjectBuilder().add("step", step.id()).build(), "retried step '" + step.id() + "' of the join to '"
                        + dataspace.displayName() + "'" + (reason == null ? "" : ": " + reason)));
        events.record(join, dataspace, "state");
        return join;
    }

    private JoinFlow skip(Caller caller, JoinFlow join, String stepId, String reason) {
        checkReason(reason, true);
        JoinStep step = JoinStep.fromId(stepId).orElseThrow(() -> new NotFoundException("step", stepId));
        if (join.state() == JoinState.SUCCEEDED || join.state() == JoinState.CANCELLED) {
            throw new ConflictException("The join is " + join.state().id() + ": there is nothing to skip");
        }
        if (join.currentStep() != step) {
            throw new ConflictException("The join is at step '" + join.currentStep().id() + "', not '" + step.id()
                    + "': only the current step can be skipped");
        }
        if (step == JoinStep.REQUEST) {
            throw new ConflictException("Membership is the governance authority's decision: it approves the membership "
                    + "request instead of skipping this step");
        }
        fence(join);
        Instant now = Times.now();
        join.stepFinished(join.record(step).skipped(now, caller.subject(), reason), now);
        Dataspace dataspace = em.find(Dataspace.class, join.dataspaceId());
        audit.record(caller, join.organisation(), AuditEvent.success(SKIP, KIND, join.id().toString(), 200,
                Json.createObjectBuilder().add("step", step.id()).add("reason", reason).build(), "skipped step '" + step.id()
                        + "' of the join to '" + dataspace.displayName() + "': " + reason));
        events.record(join, dataspace, "step");
        return join;
    }

    /** A person's action: any worker in the middle of this join's step loses its lease. */
    private void fence(JoinFlow join) {
        em.createNativeQuery("update join_flow set fence = fence + 1, lease_owner = null, lease_expires_at = null where id = ?1")
                .setParameter(1, join.id()).executeUpdate();
    }

    private JoinFlow locked(JoinFlow join) {
        em.refresh(join, LockModeType.PESSIMISTIC_WRITE);
        return join;
    }

    private JoinFlow ofOrganisation(String org, String id) {
        JoinFlow join = byId(id);
        if (join == null || !join.organisation().equals(org)) {
            throw new NotFoundException(KIND, id);
        }
        return join;
    }

    private JoinFlow ofDataspace(String slug, String id) {
        Dataspace dataspace = dataspaces.require(slug);
        JoinFlow join = byId(id);
        if (join == null || !join.dataspaceId().equals(dataspace.id())) {
            throw new NotFoundException(KIND, id);
        }
        return join;
    }

    private JoinFlow byId(String id) {
        try {
            return em.find(JoinFlow.class, UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Dataspace publishedDataspace(String slug) {
        InvalidInputException unknown = new InvalidInputException("The join is not valid",
                List.of(new FieldError("dataspace", "no published dataspace '" + slug + "'")));
        try {
            Dataspace dataspace = dataspaces.require(slug);
            if (!dataspace.isRemote()) {
                // A dataspace hosted elsewhere has no profile here: its own platform checks the request.
                dataspaces.published(dataspace).orElseThrow(() -> unknown);
            }
            return dataspace;
        } catch (NotFoundException e) {
            throw unknown;
        }
    }

    private static String hash(String dataspace, DeploymentModel model, MembershipInputs inputs) {
        String canonical = Json.createObjectBuilder().add("dataspace", dataspace).add("deploymentModel", model.id())
                .add("inputs", JoinInputs.write(inputs)).build().toString();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void checkReason(String reason, boolean required) {
        FreeText.checkReason(reason, required ? "say why, in plain language (it is recorded)" : null, "request");
    }

    private static Page<JoinFlow> page(TypedQuery<JoinFlow> q, int limit, String continueToken) {
        return com.kaphera.cloud.persistence.UuidKeysetPages.page(q, limit, continueToken, JoinFlow::id);
    }
}
