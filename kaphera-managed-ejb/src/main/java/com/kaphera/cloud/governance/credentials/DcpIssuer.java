package com.kaphera.cloud.governance.credentials;

import com.kaphera.cloud.billing.Metric;
import com.kaphera.cloud.billing.metering.UsageIngestion;
import com.kaphera.cloud.common.Times;
import com.kaphera.cloud.audit.AuditEvent;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.governance.Dataspace;
import com.kaphera.cloud.governance.DataspaceProfile;
import com.kaphera.cloud.governance.DataspaceService;
import com.kaphera.cloud.governance.ProfileVersion;
import com.kaphera.cloud.governance.credentials.dcp.CredentialDraft;
import com.kaphera.cloud.governance.credentials.dcp.DcpMessages;
import com.kaphera.cloud.governance.credentials.dcp.HolderTokenVerifier;
import com.kaphera.cloud.governance.credentials.dcp.InvalidDcpMessageException;
import com.kaphera.cloud.governance.credentials.dcp.InvalidHolderTokenException;
import com.kaphera.cloud.governance.credentials.dcp.IssuerKey;
import com.kaphera.cloud.governance.credentials.dcp.StatusEntry;
import com.kaphera.cloud.governance.credentials.dcp.VerifiableCredentials;
import com.kaphera.cloud.governance.credentials.dcp.VerifiedHolder;
import com.kaphera.cloud.governance.membership.Member;
import com.kaphera.cloud.governance.membership.MembershipService;
import com.kaphera.cloud.tenancy.Caller;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The dataspaces' credential issuer, as the Decentralized Claims Protocol (DCP 1.0) has it: a holder's
 * wallet proves who it is with a self-issued token, asks for credentials, gets a request id back, and
 * receives the credentials later at its Storage API ({@link CredentialDelivery}). Only members of the
 * dataspace (approved requests) get credentials: everyone else is refused with the protocol's answer.
 */
@Stateless
public class DcpIssuer {
    public static final String ISSUE = "credential.issue";
    /** Who the audit log names for work the issuer does on a wallet's request. */
    static final Caller ISSUER = Caller.system("dcp-issuer");

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @Inject
    IssuerEndpoints endpoints;

    @Inject
    jakarta.enterprise.event.Event<CredentialsIssued> issued;

    @EJB
    DataspaceService dataspaces;

    @EJB
    MembershipService memberships;

    @EJB
    IssuerKeys keys;

    @EJB
    StatusLists statusLists;

    @EJB
    Resolution resolution;

    @EJB
    AuditTrail audit;

    @Inject
    SeenHolderTokens seen;

    @EJB
    UsageIngestion usage;

    /** The issuer's DID document (public). */
    public JsonObject didDocument(String slug) {
        return resolution.ownDocument(dataspace(slug));
    }

    /** DCP issuer metadata: the credentials this dataspace issues (public). */
    public JsonObject metadata(String slug) {
        Dataspace d = dataspace(slug);
        List<String> types = dataspaces.published(d).map(v -> v.profile().credentialTypes()).orElse(List.of());
        return DcpMessages.issuerMetadata(endpoints.did(slug),
                types.stream().map(t -> DcpMessages.CredentialObject.vc11Jwt(t, t)).toList());
    }

    /**
     * A holder's CredentialRequestMessage: checks the holder, issues what it asked for (types of the
     * profile version it is a member under) and returns the issuer's request id (issuerPid). Asking
     * again with the same holderPid returns the same request.
     */
    public UUID request(String slug, String authorization, JsonObject message) {
        Dataspace d = dataspace(slug);
        VerifiedHolder holder = holder(d, authorization);
        if (holder.tokenId() == null) {
            throw new DcpRefusal(401, "The holder's token was refused (malformed): it has no jti");
        }
        if (holder.expiresAt().isAfter(Instant.now().plus(SeenHolderTokens.MAX_LIFETIME))) {
            throw new DcpRefusal(401, "The holder's token was refused (too-long-lived): it may live at most "
                    + SeenHolderTokens.MAX_LIFETIME.toMinutes() + " minutes");
        }
        if (!seen.firstUse(holder.did(), holder.tokenId(), holder.expiresAt())) {
            throw new DcpRefusal(401, "The holder's token was refused (replayed): each request needs a fresh token with its own jti");
        }
        DcpMessages.CredentialRequest request;
        try {
            request = DcpMessages.parseCredentialRequest(message);
        } catch (InvalidDcpMessageException e) {
            throw new DcpRefusal(400, e.getMessage());
        }
        Member member = memberships.memberByDid(d, holder.did()).orElseThrow();
        List<CredentialIssuance> earlier = em.createQuery("select i from CredentialIssuance i where i.dataspaceId = :d "
                        + "and i.holderDid = :h and i.holderPid = :p", CredentialIssuance.class)
                .setParameter("d", d.id()).setParameter("h", holder.did()).setParameter("p", request.holderPid())
                .getResultList();
        if (!earlier.isEmpty()) {
            return earlier.get(0).id();
        }
        ProfileVersion version = em.find(ProfileVersion.class, new ProfileVersion.Key(d.id(), member.profileNumber()));
        DataspaceProfile profile = version.profile();
        List<String> types = new ArrayList<>();
        for (DcpMessages.RequestedCredential asked : request.credentials()) {
            String type = asked.id() != null ? asked.id() : asked.credentialType();
            if (!profile.credentialTypes().contains(type)) {
                throw new DcpRefusal(400, "Dataspace '" + slug + "' issues " + profile.credentialTypes() + ", not '" + type + "'");
            }
            if (asked.format() != null && !VerifiableCredentials.FORMAT.equals(asked.format())) {
                throw new DcpRefusal(400, "Only the format " + VerifiableCredentials.FORMAT + " is issued, not '" + asked.format() + "'");
            }
            types.add(type);
        }
        Instant now = Times.now();
        CredentialIssuance issuance = new CredentialIssuance(member.organisation(), d.id(), holder.did(), request.holderPid(), now);
        em.persist(issuance);
        for (String type : types) {
            issue(d, member, profile, type, issuance.id(), now);
        }
        com.kaphera.cloud.persistence.Persistence.flush(em, "A request with holderPid '" + request.holderPid()
                + "' of this holder is being handled; ask again for its status");
        audit.record(ISSUER, member.organisation(), AuditEvent.success(ISSUE, "credential", issuance.id().toString(), 201,
                Json.createObjectBuilder().add("dataspace", slug).add("holder", holder.did())
                        .add("types", Json.createArrayBuilder(types)).build(),
                "issued " + String.join(", ", types) + " of dataspace '" + d.displayName() + "' to " + holder.did()
                        + " at its wallet's request"));
        issued.fire(new CredentialsIssued(member.organisation(), d.id(), holder.did()));
        return issuance.id();
    }

    /** DCP credential request status, for the holder that asked. */
    public JsonObject status(String slug, String authorization, String issuerPid) {
        Dataspace d = dataspace(slug);
        VerifiedHolder holder = holder(d, authorization);
        CredentialIssuance issuance;
        try {
            issuance = em.find(CredentialIssuance.class, UUID.fromString(issuerPid));
        } catch (IllegalArgumentException e) {
            issuance = null;
        }
        if (issuance == null || !issuance.dataspaceId().equals(d.id()) || !issuance.holderDid().equals(holder.did())) {
            throw new DcpRefusal(404, "No credential request " + issuerPid + " of this holder");
        }
        return DcpMessages.credentialStatus(issuance.id().toString(), issuance.holderPid(),
                CredentialIssuance.FAILED.equals(issuance.state()) ? DcpMessages.RequestStatus.REJECTED
                        : DcpMessages.RequestStatus.ISSUED);
    }

    /** Signs one credential of {@code type} for the member and records it. */
    IssuedCredential issue(Dataspace d, Member member, DataspaceProfile profile, String type, UUID issuanceId, Instant now) {
        IssuerKey key = keys.signingKey(d);
        StatusEntry status = statusLists.allocate(d);
        Instant expires = now.plus(Duration.ofDays(profile.validityDays()));
        JsonObject claims = Json.createObjectBuilder().add("holderIdentifier", member.legalEntityId())
                .add("memberOf", d.slug()).add("profileVersion", member.profileNumber())
                .add("since", member.joinedAt().truncatedTo(ChronoUnit.SECONDS).toString()).build();
        CredentialDraft draft = new CredentialDraft(CredentialDraft.newId(), List.of(type), member.did(), claims, now, expires,
                status);
        String jwt = VerifiableCredentials.issue(key, draft);
        IssuedCredential credential = new IssuedCredential(draft.id().toString(), member.organisation(), d.id(), issuanceId,
                member.did(), type, VerifiableCredentials.FORMAT, key.id(),
                status.statusListCredential().getPath().substring(status.statusListCredential().getPath().lastIndexOf('/') + 1),
                status.statusListIndex(), draft.issuanceDate(), draft.expirationDate(), jwt);
        em.persist(credential);
        // Billed per credential issued: in this transaction, so it counts exactly when the credential exists.
        usage.recordOwn(member.organisation(), Metric.CREDENTIALS_ISSUED, BigDecimal.ONE, now,
                "credential:" + credential.id(), type);
        return credential;
    }

    /**
     * The holder, if it is a member of the dataspace and its token verifies. Membership is looked up
     * from the token's (not yet verified) issuer first, so that a stranger's DID never makes us fetch
     * a URL of its choosing; only the member's own DID is resolved to check the signature.
     */
    private VerifiedHolder holder(Dataspace d, String authorization) {
        String token = HolderTokenVerifier.bearerToken(authorization).orElseThrow(() -> new DcpRefusal(401,
                "A DCP request needs the holder's self-issued token (Authorization: Bearer)"));
        String claimed = claimedIssuer(token);
        if (memberships.memberByDid(d, claimed).isEmpty()) {
            throw new DcpRefusal(403, "The holder " + claimed + " is not an approved member of dataspace '" + d.slug()
                    + "': its membership request must be approved first");
        }
        try {
            return new HolderTokenVerifier().verify(token, endpoints.did(d.slug()), resolution.dids().onlyFor(claimed::equals),
                    Clock.systemUTC());
        } catch (InvalidHolderTokenException e) {
            throw new DcpRefusal(401, "The holder's token was refused (" + e.reason().code() + "): " + e.getMessage());
        }
    }

    private static String claimedIssuer(String token) {
        try {
            String iss = com.nimbusds.jwt.JWTParser.parse(token).getJWTClaimsSet().getIssuer();
            if (iss != null && iss.length() <= 500) {
                return iss;
            }
        } catch (java.text.ParseException e) {
            // one refusal below
        }
        throw new DcpRefusal(401, "The holder's token was refused (malformed): it is not a JWT naming its issuer");
    }

    private Dataspace dataspace(String slug) {
        Dataspace d;
        try {
            d = dataspaces.require(slug);
        } catch (NotFoundException e) {
            throw new DcpRefusal(404, "No dataspace issuer '" + slug + "'");
        }
        if (d.isRemote()) {
            // Its issuer is the platform that governs it (remote_issuer_did), not this server.
            throw new DcpRefusal(404, "No dataspace issuer '" + slug + "' here: it is governed on another platform");
        }
        return d;
    }
}
