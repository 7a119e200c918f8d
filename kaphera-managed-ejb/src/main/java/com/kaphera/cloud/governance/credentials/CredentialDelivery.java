package com.kaphera.cloud.governance.credentials;

import com.kaphera.cloud.common.Times;
import com.kaphera.cloud.audit.AuditEvent;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.governance.Dataspace;
import com.kaphera.cloud.governance.credentials.dcp.DcpMessages;
import com.kaphera.cloud.governance.credentials.dcp.DidDocument;
import com.kaphera.cloud.governance.credentials.dcp.IssuerKey;
import com.kaphera.cloud.governance.credentials.dcp.SelfIssuedToken;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Delivers issued credentials to the holder's Storage API (the {@code CredentialService} endpoint of
 * its DID document) as a DCP CredentialMessage, authenticated with a token the issuer key signs. One
 * due issuance per transaction, taken with {@code FOR UPDATE SKIP LOCKED} so that several servers
 * share the work; a failure is retried with backoff ({@link CredentialIssuance#attemptFailed}).
 */
@Stateless
public class CredentialDelivery {
    public static final String DELIVER = "credential.deliver";
    static final String DELIVERED = "kaphera.dcp.deliveries";
    static final String ATTEMPT_FAILED = "kaphera.dcp.delivery.attempts.failed";
    static final String GAVE_UP = "kaphera.dcp.deliveries.failed";
    static final java.util.List<String> METRICS = java.util.List.of(DELIVERED, ATTEMPT_FAILED, GAVE_UP);
    private static final Logger LOG = Logger.getLogger(CredentialDelivery.class.getName());

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @Inject
    IssuerEndpoints endpoints;

    @Inject
    @ConfigProperty(name = "kaphera.dcp.delivery-attempts", defaultValue = "10")
    int maxAttempts;

    /**
     * How long after the request a 404 or 400 from the holder's Storage API means "the wallet has not
     * recorded its own request yet", and a 409 naming a lease "the wallet is working on its request"
     * (sent again every 2 s, not counted as an attempt); see {@link WalletAnswer}.
     */
    @Inject
    @ConfigProperty(name = "kaphera.dcp.delivery.wallet-catch-up-seconds", defaultValue = "60")
    int walletCatchUpSeconds;

    @Inject
    org.eclipse.microprofile.metrics.MetricRegistry metrics;

    @EJB
    IssuerKeys keys;

    @Inject
    KeyEncryptionKey kek;

    @EJB
    Resolution resolution;

    @Inject
    HolderStorage storage;

    @EJB
    AuditTrail audit;

    @Inject
    jakarta.enterprise.event.Event<CredentialsIssued> issued;

    /** Delivers the next due issuance, if any; returns whether there was one. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean deliverNext() {
        @SuppressWarnings("unchecked")
        List<UUID> due = em.createNativeQuery("select id from credential_issuance where state = 'issued' "
                + "and next_attempt_at <= now() order by next_attempt_at limit 1 for update skip locked", UUID.class)
                .getResultList();
        if (due.isEmpty()) {
            return false;
        }
        CredentialIssuance issuance = em.find(CredentialIssuance.class, due.get(0));
        Dataspace dataspace = em.find(Dataspace.class, issuance.dataspaceId());
        List<IssuedCredential> credentials = em.createQuery("select c from IssuedCredential c where c.issuanceId = :i",
                IssuedCredential.class).setParameter("i", issuance.id()).getResultList();
        Instant now = Times.now();
        String endpoint = null;
        try {
            endpoint = storageEndpoint(issuance.holderDid());
            JsonObject message = DcpMessages.credentialMessage(issuance.id().toString(), issuance.holderPid(),
                    credentials.stream().map(c -> DcpMessages.IssuedCredential.vc11Jwt(c.credentialType(), c.jwt())).toList());
            IssuerKey key = IssuerKey.unseal(keys.sealedTokenKey(dataspace), kek.get());
            String token = SelfIssuedToken.sign(key, issuance.holderDid(), Duration.ofMinutes(5), Clock.systemUTC());
            WalletAnswer answer = storage.deliver(endpoint, token, message.toString());
            boolean catchingUp = issuance.createdAt().plusSeconds(walletCatchUpSeconds).isAfter(now);
            if (catchingUp && (answer.notRecordedYet() || answer.busy())) {
                String why = answer.busy() ? "the wallet is working on its request (HTTP 409, leased); sending again"
                        : "the wallet does not know its request yet (HTTP " + answer.status() + "); looking again";
                issuance.notYet(endpoint, why, now.plusSeconds(2));
                LOG.log(Level.FINE, "Credential delivery {0}: {1}", new Object[] {issuance.id(), why});
                return true;
            }
            if (!answer.delivered()) {
                throw new IOException("the holder's Storage API answered HTTP " + answer.status()
                        + (answer.busy() ? " (its request is leased)" : ""));
            }
            issuance.delivered(endpoint, now);
            metrics.counter(DELIVERED).inc();
            issued.fire(new CredentialsIssued(issuance.organisation(), issuance.dataspaceId(), issuance.holderDid()));
            audit.record(DcpIssuer.ISSUER, issuance.organisation(), AuditEvent.success(DELIVER, "credential",
                    issuance.id().toString(), 200, Json.createObjectBuilder().add("endpoint", endpoint).build(),
                    "delivered " + credentials.size() + " credential(s) to the wallet of " + issuance.holderDid()));
        } catch (IOException | RuntimeException e) {
            // Whatever went wrong is an attempt that failed: recorded, retried later, never a row that blocks the queue.
            String why = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            issuance.attemptFailed(endpoint, why, maxAttempts, now);
            metrics.counter(ATTEMPT_FAILED).inc();
            if (CredentialIssuance.FAILED.equals(issuance.state())) {
                metrics.counter(GAVE_UP).inc();
                LOG.log(Level.WARNING, "Credential delivery {0} to {1} failed for good after {2} attempts: {3}",
                        new Object[] {issuance.id(), issuance.holderDid(), issuance.attempts(), why});
            }
            LOG.log(Level.INFO, "Credential delivery {0} to {1}: attempt {2} failed ({3})",
                    new Object[] {issuance.id(), issuance.holderDid(), issuance.attempts(), why});
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            issuance.attemptFailed(endpoint, "interrupted", maxAttempts, now);
        }
        return true;
    }

    private String storageEndpoint(String holderDid) {
        DidDocument doc = DidDocument.parse(resolution.dids().resolve(holderDid));
        Optional<URI> service = doc.serviceEndpoint(DidDocument.CREDENTIAL_SERVICE);
        String url = service.orElseThrow(() -> new IllegalArgumentException("the DID document of " + holderDid
                + " names no CredentialService endpoint")).toString();
        if (endpoints.didWebHttps() && !url.startsWith("https://")) {
            // Credentials and our token would travel in clear text.
            throw new IllegalArgumentException("the CredentialService endpoint of " + holderDid + " is not https: " + url);
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
