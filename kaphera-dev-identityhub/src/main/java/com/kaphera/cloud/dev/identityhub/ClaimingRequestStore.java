package com.kaphera.cloud.dev.identityhub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.edc.identityhub.spi.credential.request.model.HolderCredentialRequest;
import org.eclipse.edc.identityhub.spi.credential.request.model.HolderRequestState;
import org.eclipse.edc.identityhub.spi.credential.request.store.HolderCredentialRequestStore;
import org.eclipse.edc.spi.query.Criterion;
import org.eclipse.edc.spi.query.QuerySpec;
import org.eclipse.edc.spi.result.StoreResult;

/**
 * <strong>DEV/TEST ONLY.</strong> The wallet's holder credential-request store as several state
 * machines must share it: a request one of them is sending stays its own until it leaves
 * {@code CREATED}/{@code REQUESTING}.
 *
 * <p>Why IdentityHub's lease is not enough: the state machine saves the request as {@code REQUESTING}
 * (which frees the lease) before it sends it, and it also processes {@code REQUESTING} requests (those
 * a restart interrupted). With one thread that is harmless; with several, another one would take the
 * request while its HTTP call is under way and send it again. Here a request is claimed when a state
 * machine takes it and released when it is saved in any later state ({@code REQUESTED}, {@code ERROR},
 * …). One instance serves every extra state machine.
 *
 * <p>A state machine's thread finishes the requests it took before it asks for more; so whatever that
 * thread still holds when it asks again is a request whose processing ended without a later save (it
 * threw): such a claim is dropped there and reported, and the request is sent again, as IdentityHub's
 * own state machine would (once IdentityHub's lease on it has expired, 60 s, if another state machine
 * looked at it meanwhile).
 */
final class ClaimingRequestStore implements HolderCredentialRequestStore {
    private static final Set<HolderRequestState> IN_FLIGHT = Set.of(HolderRequestState.CREATED, HolderRequestState.REQUESTING);

    private final HolderCredentialRequestStore delegate;
    private final Consumer<String> warn;
    /** Requests a state machine took and has not yet saved beyond REQUESTING, by the id of the thread that took them. Guarded by this. */
    private final Map<String, Long> claimed = new HashMap<>();

    ClaimingRequestStore(HolderCredentialRequestStore delegate, Consumer<String> warn) {
        this.delegate = delegate;
        this.warn = warn;
    }

    @Override
    public synchronized List<HolderCredentialRequest> nextNotLeased(int max, Criterion... criteria) {
        // The store leases what it returns; the ones claimed by another state machine are skipped (their
        // own state machine's next save frees the lease), unclaimed ones beyond max are given back at once.
        long self = Thread.currentThread().getId();
        List<String> abandoned = claimed.entrySet().stream().filter(e -> e.getValue() == self).map(Map.Entry::getKey).toList();
        if (!abandoned.isEmpty()) {
            abandoned.forEach(claimed::remove);
            warn.accept("DEV ONLY: credential request(s) " + abandoned + " ended without a later state (their sending threw);"
                    + " they are sent again");
        }
        List<HolderCredentialRequest> taken = new ArrayList<>();
        for (HolderCredentialRequest request : delegate.nextNotLeased(max + claimed.size(), criteria)) {
            if (claimed.containsKey(request.getId())) {
                continue;
            }
            if (taken.size() < max) {
                claimed.put(request.getId(), self);
                taken.add(request);
            } else {
                delegate.save(request);
            }
        }
        return taken;
    }

    @Override
    public StoreResult<Void> save(HolderCredentialRequest request) {
        StoreResult<Void> result = delegate.save(request);
        if (!IN_FLIGHT.contains(request.stateAsEnum())) {
            synchronized (this) {
                claimed.remove(request.getId());
            }
        }
        return result;
    }

    @Override
    public HolderCredentialRequest findById(String id) {
        return delegate.findById(id);
    }

    @Override
    public StoreResult<HolderCredentialRequest> findByIdAndLease(String id) {
        return delegate.findByIdAndLease(id);
    }

    @Override
    public Collection<HolderCredentialRequest> query(QuerySpec query) {
        return delegate.query(query);
    }

    /** How many requests are being sent right now. */
    synchronized int claimed() {
        return claimed.size();
    }
}
