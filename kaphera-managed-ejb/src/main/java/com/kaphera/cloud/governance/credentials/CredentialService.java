package com.kaphera.cloud.governance.credentials;

import com.kaphera.cloud.common.Times;
import com.kaphera.cloud.audit.AuditEvent;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.FreeText;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.governance.Dataspace;
import com.kaphera.cloud.governance.DataspaceService;
import com.kaphera.cloud.governance.credentials.dcp.CredentialVerifier;
import com.kaphera.cloud.governance.credentials.dcp.Verification;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Issued credentials for their holders and for the governance authority, each shown with a fresh
 * verification (signature against the issuer's published keys, trusted issuer, expiry, revocation
 * bit): the wallets store what they are given without checking it, so this is where it is checked.
 * Also revocation, key rotation and verifying any credential a caller hands in.
 */
@Stateless
public class CredentialService {
    public static final String REVOKE = "credential.revoke";
    public static final String RETRY = "credential.retry-delivery";

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @Inject
    IssuerEndpoints endpoints;

    @EJB
    DataspaceService dataspaces;

    @EJB
    IssuerKeys keys;

    @EJB
    StatusLists statusLists;

    @EJB
    Resolution resolution;

    @EJB
    AuditTrail audit;

    /** A credential with its verification as of now. */
    public record Checked(IssuedCredential credential, String dataspace, Verification verification,
            Optional<CredentialIssuance> delivery) {
    }

    public List<Checked> forOrganisation(Caller caller, String org) {
        Permission.MEMBERSHIPS_READ.require(caller, org);
        return check(em.createQuery("select c from IssuedCredential c where c.organisation = :o order by c.issuedAt desc",
                IssuedCredential.class).setParameter("o", org).setMaxResults(200).getResultList());
    }

    public List<Checked> forDataspace(Caller caller, String slug) {
        Permission.GOVERNANCE_READ.require(caller, slug);
        Dataspace d = dataspaces.require(slug);
        return check(em.createQuery("select c from IssuedCredential c where c.dataspaceId = :d order by c.issuedAt desc",
                IssuedCredential.class).setParameter("d", d.id()).setMaxResults(200).getResultList());
    }

    public Checked revoke(Caller caller, String slug, String id, String reason) {
        Permission.GOVERNANCE_MANAGE.require(caller, slug);
        List<FieldError> errors = new java.util.ArrayList<>();
        if (reason == null || reason.isBlank() || reason.length() > 2000) {
            errors.add(new FieldError("reason", "is required (1-2000 characters): the holder reads it"));
        } else {
            FreeText.checkProse("reason", reason, errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The revocation is not valid", errors);
        }
        Dataspace d = dataspaces.require(slug);
        IssuedCredential c = em.find(IssuedCredential.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (c == null || !c.dataspaceId().equals(d.id())) {
            throw new NotFoundException("credential", id);
        }
        c.revoke(caller.subject(), reason, Times.now());
        statusLists.revoke(d, c.statusListId(), c.statusIndex());
        em.flush();
        audit.record(caller, c.organisation(), AuditEvent.success(REVOKE, "credential", id, 200, null,
                "revoked the " + c.credentialType() + " of dataspace '" + d.displayName() + "' held by " + c.holderDid()
                        + ": " + reason));
        // Not verified again here: a revocation must work even while the issuer's keys cannot be opened.
        return new Checked(c, d.slug(), null, Optional.empty());
    }

    /** Another round of delivery attempts for an issuance whose delivery failed. */
    public CredentialIssuance retryDelivery(Caller caller, String slug, String issuanceId) {
        Permission.GOVERNANCE_MANAGE.require(caller, slug);
        Dataspace d = dataspaces.require(slug);
        CredentialIssuance i;
        try {
            i = em.find(CredentialIssuance.class, java.util.UUID.fromString(issuanceId),
                    jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        } catch (IllegalArgumentException e) {
            i = null;
        }
        if (i == null || !i.dataspaceId().equals(d.id())) {
            throw new NotFoundException("credential issuance", issuanceId);
        }
        if (!CredentialIssuance.FAILED.equals(i.state())) {
            throw new com.kaphera.cloud.common.ConflictException("The delivery is " + i.state()
                    + "; only a failed delivery is retried (a pending one is retried on its own)");
        }
        i.retry(Times.now());
        audit.record(caller, i.organisation(), AuditEvent.success(RETRY, "credential", issuanceId, 200, null,
                "asked for the credentials of " + i.holderDid() + " to be delivered again"));
        return i;
    }

    /**
     * Verifies any VC-JWT. Trusted issuers: {@code slug}'s issuer and the issuers its published profile
     * trusts; without a dataspace, any of this platform's dataspace issuers.
     */
    public Verification verify(Caller caller, String jwt, String slug) {
        if (jwt == null || jwt.isBlank() || jwt.length() > 20_000) {
            throw new InvalidInputException("The credential is not valid",
                    List.of(new FieldError("credential", "is required: a VC-JWT of at most 20,000 characters")));
        }
        Set<String> trusted = new LinkedHashSet<>();
        if (slug != null) {
            Dataspace d;
            try {
                d = dataspaces.require(slug);
            } catch (NotFoundException e) {
                throw new InvalidInputException("The verification is not valid",
                        List.of(new FieldError("dataspace", "no dataspace '" + slug + "'")));
            }
            trusted.add(endpoints.did(d.slug()));
            dataspaces.published(d).ifPresent(v -> v.profile().trustedIssuers().forEach(t -> trusted.add(t.did())));
        } else {
            em.createQuery("select d.slug from Dataspace d where d.remoteAuthority is null", String.class).getResultList()
                    .forEach(s -> trusted.add(endpoints.did(s)));
        }
        // Only trusted issuers' DID documents are fetched: a caller cannot make the server GET an address of its choosing.
        return new CredentialVerifier().verify(jwt, trusted, resolution.dids().onlyFor(trusted::contains),
                resolution.statusLists(), Clock.systemUTC());
    }

    /** The issuer's keys (public parts), newest first. */
    public List<IssuerSigningKey> issuerKeys(Caller caller, String slug) {
        return keys.list(caller, dataspaces.find(caller, slug));
    }

    public IssuerSigningKey rotateKey(Caller caller, String slug) {
        Dataspace d = dataspaces.find(caller, slug);
        return keys.rotate(caller, d, dataspaces.versions(caller, slug));
    }


    private List<Checked> check(List<IssuedCredential> credentials) {
        CredentialVerifier verifier = new CredentialVerifier();
        // Up to 200 credentials of a few dataspaces: each DID document and status list once per listing,
        // not rebuilt and re-signed per credential.
        com.kaphera.cloud.governance.credentials.dcp.DidResolver resolver = resolution.dids();
        com.kaphera.cloud.governance.credentials.dcp.StatusListFetcher fetcher = resolution.statusLists();
        java.util.Map<String, jakarta.json.JsonObject> documents = new java.util.HashMap<>();
        java.util.Map<java.net.URI, String> lists = new java.util.HashMap<>();
        return credentials.stream().map(c -> {
            Dataspace d = em.find(Dataspace.class, c.dataspaceId());
            Verification v = verifier.verify(c.jwt(), Set.of(endpoints.did(d.slug())),
                    did -> documents.computeIfAbsent(did, resolver::resolve), url -> lists.computeIfAbsent(url, fetcher::fetch),
                    Clock.systemUTC());
            Optional<CredentialIssuance> delivery = c.issuanceId() == null ? Optional.empty()
                    : Optional.ofNullable(em.find(CredentialIssuance.class, c.issuanceId()));
            return new Checked(c, d.slug(), v, delivery);
        }).toList();
    }


}
