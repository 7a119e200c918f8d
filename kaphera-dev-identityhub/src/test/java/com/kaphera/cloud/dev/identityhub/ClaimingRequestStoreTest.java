package com.kaphera.cloud.dev.identityhub;

import static org.eclipse.edc.spi.persistence.StateEntityStore.hasState;
import static org.eclipse.edc.spi.persistence.StateEntityStore.isNotPending;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import org.eclipse.edc.identityhub.defaults.store.InMemoryHolderCredentialRequestStore;
import org.eclipse.edc.identityhub.spi.credential.request.model.HolderCredentialRequest;
import org.eclipse.edc.identityhub.spi.credential.request.model.HolderRequestState;
import org.eclipse.edc.query.CriterionOperatorRegistryImpl;
import org.junit.jupiter.api.Test;

/** Against IdentityHub 0.15.1's own in-memory request store, as the dev wallet runs it. */
class ClaimingRequestStoreTest {
    private final InMemoryHolderCredentialRequestStore raw =
            new InMemoryHolderCredentialRequestStore(Clock.systemUTC(), CriterionOperatorRegistryImpl.ofDefaults());
    private final ClaimingRequestStore store = new ClaimingRequestStore(raw);

    @Test
    void aRequestBeingSentIsNotTakenAgainByAnotherStateMachine() {
        raw.save(request("a"));
        raw.save(request("b"));
        // Worker 1 takes "a" and saves it REQUESTING before its HTTP call, which frees IdentityHub's lease.
        HolderCredentialRequest a = only(store.nextNotLeased(1, created()));
        a.transitionRequesting();
        store.save(a);
        // The raw store would hand "a" to the REQUESTING processor of any other state machine now.
        assertEquals("a", only(raw.nextNotLeased(1, requesting())).getId());
        raw.save(raw.findById("a")); // give that lease back
        assertTrue(store.nextNotLeased(5, requesting()).isEmpty(), "worker 2 must not send 'a' again");
        // Worker 2 gets the other request.
        assertEquals("b", only(store.nextNotLeased(5, created())).getId());
        // Once "a" is REQUESTED it is released (and no processor wants it any more).
        a.transitionRequested("issuer-pid");
        store.save(a);
        assertEquals(1, store.claimed(), "only 'b' is still being sent");
    }

    @Test
    void requestsBeyondTheBatchAreGivenBackAtOnce() {
        raw.save(request("a"));
        raw.save(request("b"));
        raw.save(request("c"));
        assertEquals(1, store.nextNotLeased(1, created()).size());
        // Had the two others stayed leased, the next call would find nothing until their lease expired.
        assertEquals(1, store.nextNotLeased(1, created()).size());
        assertEquals(1, store.nextNotLeased(1, created()).size());
        assertTrue(store.nextNotLeased(1, created()).isEmpty());
        assertEquals(3, store.claimed());
    }

    private static HolderCredentialRequest only(List<HolderCredentialRequest> requests) {
        assertEquals(1, requests.size(), requests.toString());
        return requests.get(0);
    }

    private static org.eclipse.edc.spi.query.Criterion[] created() {
        return new org.eclipse.edc.spi.query.Criterion[] {hasState(HolderRequestState.CREATED.code()), isNotPending()};
    }

    private static org.eclipse.edc.spi.query.Criterion[] requesting() {
        return new org.eclipse.edc.spi.query.Criterion[] {hasState(HolderRequestState.REQUESTING.code()), isNotPending()};
    }

    private static HolderCredentialRequest request(String id) {
        return HolderCredentialRequest.Builder.newInstance()
                .requestedCredential("membership", "MembershipCredential", "VC1_0_JWT")
                .state(HolderRequestState.CREATED.code())
                .id(id)
                .participantContextId("holder")
                .issuerDid("did:web:issuer")
                .build();
    }
}
