package com.kaphera.cloud.dev.identityhub;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.edc.http.spi.EdcHttpClient;
import org.eclipse.edc.iam.did.spi.resolution.DidResolverRegistry;
import org.eclipse.edc.identityhub.core.services.verifiablecredential.CredentialRequestManagerImpl;
import org.eclipse.edc.identityhub.spi.authentication.ParticipantSecureTokenService;
import org.eclipse.edc.identityhub.spi.credential.request.store.HolderCredentialRequestStore;
import org.eclipse.edc.identityhub.spi.participantcontext.ParticipantContextService;
import org.eclipse.edc.identityhub.spi.verifiablecredentials.CredentialRequestManager;
import org.eclipse.edc.statemachine.AbstractStateEntityManager;
import org.eclipse.edc.runtime.metamodel.annotation.Extension;
import org.eclipse.edc.runtime.metamodel.annotation.Inject;
import org.eclipse.edc.runtime.metamodel.annotation.Setting;
import org.eclipse.edc.spi.EdcException;
import org.eclipse.edc.spi.monitor.Monitor;
import org.eclipse.edc.spi.system.ServiceExtension;
import org.eclipse.edc.transaction.spi.TransactionContext;
import org.eclipse.edc.transform.spi.TypeTransformerRegistry;

import static org.eclipse.edc.identityhub.protocols.dcp.spi.DcpConstants.DCP_SCOPE_V_1_0;

/**
 * <strong>DEV/TEST ONLY.</strong> More hands for the wallet's holder credential-request state machine.
 *
 * <p>IdentityHub 0.15.1 sends a holder's DCP CredentialRequestMessage to the issuer from one state
 * machine with one thread, which leases 20 requests at a time, sends them one after the other, and
 * sleeps 1 s whenever it found nothing; neither number is a setting. A wallet that a whole platform
 * shares then sends at most one request per issuer round trip, and a new request waits up to a second
 * before it is even looked at (issue 13's benchmark: a thousand joins queued in the wallet, and most of
 * a join's credential step spent there).
 *
 * <p>With {@code kaphera.dev.identityhub.credential-request.workers} = N &gt; 0 this stops
 * IdentityHub's own state machine and starts N instances of IdentityHub's own
 * {@code CredentialRequestManagerImpl} instead, built from the same services over the same store seen
 * through {@link ClaimingRequestStore} (so that no request is sent twice): each takes
 * {@code batch-size} requests at a time and sleeps {@code wait-millis} when it found none. Requests are
 * still created by IdentityHub's Identity API and answered by its Storage API as published; nothing
 * of the protocol changes. 0 workers (the default) is IdentityHub exactly as published.
 *
 * <p>A request whose sending throws (rather than failing) is sent again by the state machine that
 * took it, on its next round, as IdentityHub's own would ({@link ClaimingRequestStore}).
 */
@Extension(DevOnlyCredentialRequestWorkers.NAME)
public class DevOnlyCredentialRequestWorkers implements ServiceExtension {
    public static final String NAME = "Kaphera DEV-ONLY credential-request workers";

    @Setting(key = "kaphera.dev.identityhub.credential-request.workers", required = false, defaultValue = "0",
            description = "DEV ONLY. Credential-request state machines in place of IdentityHub's one (0: IdentityHub's own)")
    private int workers;

    @Setting(key = "kaphera.dev.identityhub.credential-request.wait-millis", required = false, defaultValue = "50",
            description = "DEV ONLY. How long such a state machine sleeps when it found no request to send")
    private long waitMillis;

    @Setting(key = "kaphera.dev.identityhub.credential-request.batch-size", required = false, defaultValue = "1",
            description = "DEV ONLY. How many requests such a state machine takes at a time")
    private int batchSize;

    @Inject
    private HolderCredentialRequestStore store;
    @Inject
    private DidResolverRegistry didResolverRegistry;
    @Inject
    private TypeTransformerRegistry typeTransformerRegistry;
    @Inject
    private EdcHttpClient httpClient;
    @Inject
    private ParticipantSecureTokenService secureTokenService;
    @Inject
    private TransactionContext transactionContext;
    @Inject
    private ParticipantContextService participantContextService;
    @Inject
    private Monitor monitor;
    /** IdentityHub's own state machine, stopped when workers replace it. */
    @Inject
    private CredentialRequestManager ownManager;

    private final List<CredentialRequestManagerImpl> started = new ArrayList<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start() {
        if (workers < 0 || batchSize < 1 || waitMillis < 1) {
            throw new EdcException("kaphera.dev.identityhub.credential-request: workers >= 0,"
                    + " batch-size >= 1 and wait-millis >= 1, not " + workers + ", " + batchSize + ", " + waitMillis);
        }
        if (workers == 0) {
            return;
        }
        if (!(ownManager instanceof AbstractStateEntityManager<?, ?> own)) {
            throw new EdcException("IdentityHub's CredentialRequestManager is a "
                    + ownManager.getClass().getName() + ", not the state machine these workers replace");
        }
        own.stop();
        ClaimingRequestStore shared = new ClaimingRequestStore(store, monitor::warning);
        long wait = waitMillis;
        for (int i = 0; i < workers; i++) {
            CredentialRequestManagerImpl manager = CredentialRequestManagerImpl.Builder.newInstance()
                    .store(shared)
                    .didResolverRegistry(didResolverRegistry)
                    .typeTransformerRegistry(typeTransformerRegistry.forContext(DCP_SCOPE_V_1_0))
                    .httpClient(httpClient)
                    .secureTokenService(secureTokenService)
                    .transactionContext(transactionContext)
                    .participantContextService(participantContextService)
                    .monitor(monitor)
                    .batchSize(batchSize)
                    .waitStrategy(() -> wait)
                    .build();
            manager.start();
            started.add(manager);
        }
        monitor.info(("DEV ONLY: %d credential-request state machines in place of IdentityHub's one, %d request(s)"
                + " at a time each, %d ms idle wait").formatted(workers, batchSize, waitMillis));
    }

    @Override
    public void shutdown() {
        started.forEach(CredentialRequestManagerImpl::stop);
    }
}
