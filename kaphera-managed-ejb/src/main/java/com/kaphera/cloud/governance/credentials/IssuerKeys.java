package com.kaphera.cloud.governance.credentials;

import com.kaphera.cloud.common.Times;
import com.kaphera.cloud.audit.AuditEvent;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.governance.Dataspace;
import com.kaphera.cloud.governance.DataspaceProfile;
import com.kaphera.cloud.governance.ProfileVersion;
import com.kaphera.cloud.governance.credentials.dcp.IssuerKey;
import com.kaphera.cloud.governance.credentials.dcp.PublishedKey;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The dataspace issuers' signing keys: generated here, sealed under the key-encryption key, rotated
 * with overlap. After a rotation the old key stays in the DID document for as long as a credential
 * it signed can be valid (the profile's validity), so nothing issued earlier stops verifying.
 */
@Stateless
public class IssuerKeys {
    public static final String ROTATE = "dataspace.issuer.rotate-key";

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @Inject
    KeyEncryptionKey kek;

    @Inject
    IssuerEndpoints endpoints;

    @EJB
    AuditTrail audit;

    public void createFirst(Dataspace dataspace) {
        em.persist(newKey(dataspace));
    }

    /** The key that signs now. */
    public IssuerKey signingKey(Dataspace dataspace) {
        IssuerSigningKey active = em.createQuery("select k from IssuerSigningKey k where k.dataspaceId = :d and k.state = 'active'",
                IssuerSigningKey.class).setParameter("d", dataspace.id()).getSingleResult();
        return IssuerKey.unseal(active.sealedPrivate(), kek.get());
    }

    /** How long wallets may hold a DID document of ours from before a rotation (EDC caches them). */
    static final java.time.Duration DID_CACHE_WINDOW = java.time.Duration.ofMinutes(10);

    /**
     * The sealed key that signs the issuer's tokens to wallets (deliveries): the active key, except in
     * the first {@link #DID_CACHE_WINDOW} after a rotation, when a wallet may still hold the DID
     * document from before it and would refuse the new key; then the key it replaced (in both
     * documents). Sealed: the caller unseals it, so that a key it cannot open is its failure to
     * record, not an exception that rolls its transaction back.
     */
    public String sealedTokenKey(Dataspace dataspace) {
        List<IssuerSigningKey> published = stored(dataspace).stream().filter(this::isPublished).toList();
        IssuerSigningKey active = published.get(0);
        boolean fresh = active.createdAt().isAfter(Instant.now().minus(DID_CACHE_WINDOW));
        return (fresh && published.size() > 1 ? published.get(1) : active).sealedPrivate();
    }

    private boolean isPublished(IssuerSigningKey k) {
        return IssuerSigningKey.ACTIVE.equals(k.state()) || k.retireAfter() == null || k.retireAfter().isAfter(Instant.now());
    }

    /** Every key the DID document publishes: the active one and retiring ones still in their overlap. */
    public List<PublishedKey> published(Dataspace dataspace) {
        return stored(dataspace).stream().filter(this::isPublished)
                .map(k -> PublishedKey.parse(k.keyId(), k.publicJwk())).toList();
    }

    /** Every key, newest first, public parts only: for the governance authority. */
    public List<IssuerSigningKey> stored(Dataspace dataspace) {
        return em.createQuery("select k from IssuerSigningKey k where k.dataspaceId = :d order by k.createdAt desc",
                IssuerSigningKey.class).setParameter("d", dataspace.id()).getResultList();
    }

    public List<IssuerSigningKey> list(Caller caller, Dataspace dataspace) {
        Permission.GOVERNANCE_READ.require(caller, dataspace.slug());
        return stored(dataspace);
    }

    /**
     * A new active key; the old one retires and stays published for as long as a credential it signed
     * can be valid.
     */
    public IssuerSigningKey rotate(Caller caller, Dataspace dataspace, List<ProfileVersion> versions) {
        Permission.GOVERNANCE_MANAGE.require(caller, dataspace.slug());
        em.refresh(dataspace, LockModeType.PESSIMISTIC_WRITE);
        // As long as the longest validity any version gave: members stay bound to older versions.
        Duration overlap = Duration.ofDays(versions.stream().mapToInt(v -> v.profile().validityDays()).max()
                .orElse(DataspaceProfile.DEFAULT_VALIDITY_DAYS));
        Instant now = Times.now();
        List<IssuerSigningKey> active = em.createQuery("select k from IssuerSigningKey k where k.dataspaceId = :d "
                + "and k.state = 'active'", IssuerSigningKey.class).setParameter("d", dataspace.id()).getResultList();
        active.forEach(k -> k.retire(now, now.plus(overlap)));
        em.flush(); // one active key per dataspace (partial unique index): retire before the new one arrives
        IssuerSigningKey next = newKey(dataspace);
        em.persist(next);
        em.flush();
        audit.record(caller, dataspace.authorityOrganisation(), AuditEvent.success(ROTATE, "dataspace-issuer",
                dataspace.slug(), 200, Json.createObjectBuilder().add("newKey", next.keyId())
                        .add("retiring", Json.createArrayBuilder(active.stream().map(IssuerSigningKey::keyId).toList()))
                        .add("publishedUntil", now.plus(overlap).toString()).build(),
                "rotated the signing key of dataspace '" + dataspace.slug() + "'s issuer; the old key stays published until "
                        + now.plus(overlap)));
        return next;
    }

    private IssuerSigningKey newKey(Dataspace dataspace) {
        IssuerKey key = IssuerKey.generate(endpoints.did(dataspace.slug()));
        return new IssuerSigningKey(dataspace.id(), key.id(), key.publicJwk().toJSONString(), key.sealed(kek.get()), Times.now());
    }

}
