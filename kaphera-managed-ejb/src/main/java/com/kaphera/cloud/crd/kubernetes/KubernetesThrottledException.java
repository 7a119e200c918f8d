package com.kaphera.cloud.crd.kubernetes;

import com.kaphera.cloud.common.UnavailableException;

/**
 * The API server asked us to slow down (429). A 503 with Retry-After for the caller, but no sign of
 * an outage: it never opens the circuit breaker, which would turn throttling into a full stop.
 */
public class KubernetesThrottledException extends UnavailableException {
    public KubernetesThrottledException(String detail, int retryAfterSeconds) {
        super(detail, retryAfterSeconds, null);
    }
}
