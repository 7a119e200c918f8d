package com.kaphera.cloud.crd;

import com.kaphera.cloud.common.TooManyRequestsException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fair shares of the Kubernetes API: how many custom-resource calls one caller, and one
 * organisation, may have in flight at once. Beyond that the caller gets 429 with Retry-After at once
 * (nothing waits), so one tenant flooding the API cannot fill the shared bulkhead of
 * {@link com.kaphera.cloud.crd.kubernetes.KubernetesGateway} and starve the others.
 */
@ApplicationScoped
public class CallLimits {
    private static final int RETRY_AFTER_SECONDS = 1;

    @Inject
    @ConfigProperty(name = "kaphera.kubernetes.max-calls-per-caller", defaultValue = "8")
    int perCaller;

    @Inject
    @ConfigProperty(name = "kaphera.kubernetes.max-calls-per-organisation", defaultValue = "16")
    int perOrganisation;

    private final Map<String, Semaphore> callers = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> organisations = new ConcurrentHashMap<>();

    /** Runs {@code work} within both shares, or refuses with 429. */
    public <T> T call(String caller, String organisation, Supplier<T> work) {
        Semaphore own = callers.computeIfAbsent(caller, k -> new Semaphore(Math.max(1, perCaller)));
        if (!own.tryAcquire()) {
            throw new TooManyRequestsException("You have " + perCaller + " requests to the cluster in flight, the "
                    + "most allowed at once; retry when one has finished", RETRY_AFTER_SECONDS);
        }
        try {
            Semaphore shared = organisations.computeIfAbsent(organisation,
                    k -> new Semaphore(Math.max(1, perOrganisation)));
            if (!shared.tryAcquire()) {
                throw new TooManyRequestsException("Organisation '" + organisation + "' has " + perOrganisation
                        + " requests to the cluster in flight, the most allowed at once; retry shortly",
                        RETRY_AFTER_SECONDS);
            }
            try {
                return work.get();
            } finally {
                shared.release();
            }
        } finally {
            own.release();
        }
    }
}
