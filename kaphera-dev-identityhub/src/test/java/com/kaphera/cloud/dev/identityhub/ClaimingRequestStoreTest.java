package com.kaphera.cloud.dev.identityhub;

import static org.eclipse.edc.spi.persistence.StateEntityStore.hasState;
import static org.eclipse.edc.spi.persistence.StateEntityStore.isNotPending;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.edc.identityhub.defaults.store.InMemoryHolderCredentialRequestStore;
import org.eclipse.edc.identityhub.spi.credential.request.model.HolderCredentialRequest;
import org.eclipse.edc.identityhub.spi.credential.request.model.HolderRequestState;
import org.eclipse.edc.query.CriterionOperatorRegistryImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Against IdentityHub 0.15.1's own in-memory request store, as the dev wallet runs it. Each state
 * machine has a thread of its own, and so does each worker here.
 */
class ClaimingRequestStoreTest {
    private final MovableClock clock = new MovableClock();
    private final InMemoryHolderCredentialRequestStore raw =
            new InMemoryHolderCredentialRequestStore(clock, CriterionOperatorRegistryImpl.ofDefaults());
    private final List<String> warnings = new ArrayList<>();
    private final ClaimingRequestStore store = new ClaimingRequestStore(raw, warnings::add);
    private final ExecutorService worker1 = Executors.newSingleThreadExecutor();
    private final ExecutorService worker2 = Executors.newSingleThreadExecutor();
    private final ExecutorService worker3 = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        List.of(worker1, worker2, worker3).forEach(ExecutorService::shutdownNow);
    }

    @Test
    void aRequestBeingSentIsNotTakenAgainByAnotherStateMachine() {
        raw.save(request("a"));
        raw.save(request("b"));
        // Worker 1 takes "a" and saves it REQUESTING before its HTTP call, which frees IdentityHub's lease.
        HolderCredentialRequest a = only(on(worker1, () -> store.nextNotLeased(1, created())));
        a.transitionRequesting();
        on(worker1, () -> store.save(a));
        // The raw store would hand "a" to the REQUESTING processor of any other state machine now.
        assertEquals("a", only(raw.nextNotLeased(1, requesting())).getId());
        raw.save(raw.findById("a")); // give that lease back
        assertTrue(on(worker2, () -> store.nextNotLeased(5, requesting())).isEmpty(), "worker 2 must not send 'a' again");
        // Worker 2 gets the other request.
        assertEquals("b", only(on(worker2, () -> store.nextNotLeased(5, created()))).getId());
        // Once "a" is REQUESTED it is released (and no processor wants it any more).
        a.transitionRequested("issuer-pid");
        on(worker1, () -> store.save(a));
        assertEquals(1, store.claimed(), "only 'b' is still being sent");
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void aRequestWhoseSendingThrewIsSentAgainByTheSameStateMachineOnItsNextRound() {
        raw.save(request("a"));
        HolderCredentialRequest a = only(on(worker1, () -> store.nextNotLeased(1, created())));
        a.transitionRequesting();
        on(worker1, () -> store.save(a));
        // Its HTTP call threw: no later save. Another state machine still leaves it alone (and holds
        // IdentityHub's lease on it until that expires, 60 s)...
        assertTrue(on(worker2, () -> store.nextNotLeased(1, requesting())).isEmpty());
        clock.advance(java.time.Duration.ofSeconds(61));
        // ...but the one that took it, asking for more, has finished with it: it is taken again.
        assertEquals("a", only(on(worker1, () -> store.nextNotLeased(1, requesting()))).getId());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("[a]"), warnings.get(0));
        assertEquals(1, store.claimed());
    }

    @Test
    void requestsBeyondTheBatchAreGivenBackAtOnce() {
        raw.save(request("a"));
        raw.save(request("b"));
        raw.save(request("c"));
        assertEquals(1, on(worker1, () -> store.nextNotLeased(1, created())).size());
        // Had the two others stayed leased, the next call would find nothing until their lease expired.
        assertEquals(1, on(worker2, () -> store.nextNotLeased(1, created())).size());
        assertEquals(1, on(worker3, () -> store.nextNotLeased(1, created())).size());
        assertTrue(on(Executors.newSingleThreadExecutor(), () -> store.nextNotLeased(1, created())).isEmpty());
        assertEquals(3, store.claimed());
    }

    /** The store's clock, for IdentityHub's leases to expire. */
    private static final class MovableClock extends Clock {
        private volatile java.time.Instant now = java.time.Instant.now();

        void advance(java.time.Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    private static <T> T on(ExecutorService worker, Callable<T> call) {
        try {
            return worker.submit(call).get();
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
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
