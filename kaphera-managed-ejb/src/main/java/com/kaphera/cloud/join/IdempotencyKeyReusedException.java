package com.kaphera.cloud.join;

import com.kaphera.cloud.common.DomainException;
import com.kaphera.cloud.common.ProblemType;

/** The same Idempotency-Key with a different request body: 422, as draft-ietf-httpapi-idempotency-key-header says. */
public class IdempotencyKeyReusedException extends DomainException {
    private static final long serialVersionUID = 1L;

    public IdempotencyKeyReusedException(String message) {
        super(ProblemType.IDEMPOTENCY_KEY_REUSED, message);
    }
}
