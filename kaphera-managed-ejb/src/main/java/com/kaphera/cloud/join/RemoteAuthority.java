package com.kaphera.cloud.join;

import com.kaphera.cloud.governance.Dataspace;
import com.kaphera.cloud.governance.membership.MembershipInputs;
import com.kaphera.cloud.governance.remote.RemotePlatforms;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The authority of a dataspace hosted on another Kaphera platform ({@link Dataspace#isRemote()}): the
 * join asks through that platform's public API ({@link RemotePlatforms}, MP Rest Client), as the
 * joining organisation's own account there or the one this platform holds for all, for the join's DID. Runs with no transaction (the worker
 * records the outcome, fenced, afterwards). Idempotent: the remote request's id is kept in the join's
 * details, and a request left open by an attempt whose answer was lost is adopted (same dataspace,
 * same DID), never made twice. No event of ours follows the remote authority's decision, so a join
 * whose request awaits approval there looks again every {@code kaphera.join.remote-poll-seconds}.
 */
@ApplicationScoped
public class RemoteAuthority implements DataspaceAuthority {
    static final String REMOTE_REQUEST_ID = "remoteMembershipRequest";
    private static final Set<String> OPEN = Set.of("submitted", "validating", "awaiting-approval");
    /** While the remote platform's automatic checks run: look again soon. */
    private static final Duration CHECKS_RUNNING = Duration.ofSeconds(2);
    private static final int MAX_PAGES = 20;

    @Inject
    RemotePlatforms platforms;

    /** How often a join looks again at a remote request that awaits the authority's approval. */
    @Inject
    @ConfigProperty(name = "kaphera.join.remote-poll-seconds", defaultValue = "30")
    int pollSeconds;

    @Override
    public StepOutcome membership(JoinFlow join, Dataspace dataspace, String did, String legalEntityId) {
        String authority = dataspace.remoteAuthority();
        if (!platforms.configured(authority)) {
            return new StepOutcome.Permanent("the remote authority '" + authority + "' is not configured",
                    "The platform is not set up to reach the authority of " + dataspace.displayName() + " (kaphera.authorities."
                            + authority + ".*). A platform admin must configure it; then retry this join.");
        }
        JsonObject request = null;
        String known = join.detail(REMOTE_REQUEST_ID);
        if (known != null) {
            RemotePlatforms.Answer a = platforms.request(authority, join.organisation(), known);
            if (a.ok()) {
                request = a.body();
            } else if (a.status() != 404) {
                return refused(a, dataspace, join);
            }
        }
        if (request == null) {
            request = adoptable(authority, join.organisation(), dataspace, did);
        }
        if (request != null && !did.equals(request.getString("holderDid", null))) {
            return new StepOutcome.Permanent("an open membership request at the authority names another DID ("
                    + request.getString("holderDid", "none") + ")", "This platform has an open membership request for "
                    + dataspace.displayName() + " with another DID. Cancel the join that made it, then retry.");
        }
        if (request == null) {
            RemotePlatforms.Answer created = platforms.apply(authority, join.organisation(),
                    application(join, dataspace, did, legalEntityId));
            if (created.status() == 409) {
                // Made by an earlier attempt whose answer was lost, or an organisation's membership there already.
                request = adoptable(authority, join.organisation(), dataspace, did);
                if (request == null) {
                    return new StepOutcome.Permanent("the authority refused: " + created.problem(), "The authority of "
                            + dataspace.displayName() + " refused the membership request: " + created.problem());
                }
            } else if (!created.ok()) {
                return refused(created, dataspace, join);
            } else {
                request = created.body();
            }
        }
        Map<String, String> details = new HashMap<>();
        details.put(REMOTE_REQUEST_ID, request.getString("id"));
        if (request.get("legalEntityId") instanceof jakarta.json.JsonString s) {
            details.put(JoinSteps.LEGAL_ENTITY, s.getString());
        }
        return where(request, dataspace, join, details);
    }

    /** This platform's open (or approved) request there for the dataspace and DID, newest first; null if none. */
    private JsonObject adoptable(String authority, String ours, Dataspace dataspace, String did) {
        String next = null;
        JsonObject approved = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            RemotePlatforms.Answer a = platforms.requests(authority, ours, next);
            if (!a.ok()) {
                return null;
            }
            for (JsonValue v : a.body().getJsonArray("items")) {
                JsonObject r = v.asJsonObject();
                if (!dataspace.remoteSlug().equals(r.getString("dataspace", null))) {
                    continue;
                }
                String state = r.getString("state", "");
                if (OPEN.contains(state)) {
                    return r;
                }
                if (approved == null && "approved".equals(state) && did.equals(r.getString("holderDid", null))) {
                    approved = r;
                }
            }
            next = a.body().get("continue") instanceof jakarta.json.JsonString s ? s.getString() : null;
            if (next == null) {
                break;
            }
        }
        return approved;
    }

    private StepOutcome where(JsonObject request, Dataspace dataspace, JoinFlow join, Map<String, String> details) {
        String name = dataspace.displayName();
        String id = request.getString("id");
        String state = request.getString("state", "");
        switch (state) {
            case "approved":
                return new StepOutcome.Done("The authority of " + name + " approved your membership.", details);
            case "awaiting-approval":
                return new StepOutcome.Working("Your request passed every automatic check. Waiting for the governance "
                        + "authority of " + name + " to approve it (membership request " + id + " at "
                        + platforms.url(dataspace.remoteAuthority()) + "; looked at again every " + pollSeconds + " s).",
                        Duration.ofSeconds(pollSeconds), details);
            case "submitted":
            case "validating":
                String problem = null;
                for (JsonValue v : request.getJsonArray("steps")) {
                    JsonObject step = v.asJsonObject();
                    if ("failed".equals(step.getString("status", ""))) {
                        problem = "step " + step.getInt("position", 0) + " (" + step.getString("type", "?") + "): "
                                + step.getString("reason", "did not pass");
                        break;
                    }
                }
                if (problem == null) {
                    return new StepOutcome.Working("The authority of " + name + " is checking your request…", CHECKS_RUNNING,
                            details);
                }
                return new StepOutcome.AwaitPerson(JoinState.AWAITING_APPLICANT, "an admin of " + join.organisation(),
                        "An onboarding check of " + name + " did not pass: " + problem + ". The request is kept at the "
                                + "dataspace's platform; cancel this join and start a new one with corrected inputs, or "
                                + "retry it once the authority has re-run the check.", details);
            case "rejected":
                String reason = request.getString("reason", "no reason given");
                return new StepOutcome.Permanent("rejected by the authority: " + reason,
                        "The governance authority of " + name + " rejected the request: " + reason);
            default:
                return new StepOutcome.Permanent("the membership request is " + state, "The membership request " + id
                        + " at the authority of " + name + " is " + state + ". Cancel this join and start a new one.");
        }
    }

    /** A 4xx of the remote platform: what a person must change. */
    private StepOutcome refused(RemotePlatforms.Answer a, Dataspace dataspace, JoinFlow join) {
        String name = dataspace.displayName();
        String at = platforms.url(dataspace.remoteAuthority());
        switch (a.status()) {
            case 401:
            case 403:
                return new StepOutcome.Permanent("the platform at " + at + " refused this platform's account (HTTP "
                        + a.status() + ")", "The platform that runs " + name + " (" + at + ") refused this platform's "
                        + "account. A platform admin must fix the credentials of authority '" + dataspace.remoteAuthority()
                        + "'; then retry this join.");
            case 404:
                return new StepOutcome.Permanent("the platform at " + at + " answered 404: " + a.problem(),
                        "The platform that runs " + name + " (" + at + ") does not know this platform's organisation or "
                        + "the dataspace: " + a.problem());
            case 400:
                if (a.problem().contains("dataspace:")) {
                    return new StepOutcome.Permanent("the dataspace is not open for requests there: " + a.problem(),
                            "The platform that runs " + name + " does not accept requests for it now: " + a.problem());
                }
                return new StepOutcome.AwaitPerson(JoinState.AWAITING_APPLICANT, "an admin of " + join.organisation(),
                        "The authority of " + name + " refused the request's inputs: " + a.problem() + ". Cancel this join "
                                + "and start a new one with corrected inputs.");
            default:
                return new StepOutcome.Permanent("the platform at " + at + " refused: HTTP " + a.status() + " " + a.problem(),
                        "The platform that runs " + name + " refused the membership request: " + a.problem());
        }
    }

    private static JsonObject application(JoinFlow join, Dataspace dataspace, String did, String legalEntityId) {
        MembershipInputs given = JoinInputs.read(join.detail(JoinInputs.DETAIL));
        JsonObjectBuilder b = Json.createObjectBuilder().add("dataspace", dataspace.remoteSlug()).add("holderDid", did);
        String legal = legalEntityId != null ? legalEntityId : given.legalEntityId();
        if (legal != null) {
            b.add("legalEntityId", legal);
        }
        if (!given.attestations().isEmpty()) {
            JsonArrayBuilder attestations = Json.createArrayBuilder();
            given.attestations().forEach(x -> attestations.add(attestation(x)));
            b.add("attestations", attestations);
        }
        if (!given.credentials().isEmpty()) {
            b.add("credentials", Json.createArrayBuilder(List.copyOf(given.credentials())));
        }
        return b.build();
    }

    private static JsonObject attestation(MembershipInputs.Attestation a) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        if (a.documentType() != null) {
            b.add("documentType", a.documentType());
        }
        if (a.name() != null) {
            b.add("name", a.name());
        }
        if (a.sha256() != null) {
            b.add("sha256", a.sha256());
        }
        if (a.url() != null) {
            b.add("url", a.url());
        }
        return b.build();
    }
}
