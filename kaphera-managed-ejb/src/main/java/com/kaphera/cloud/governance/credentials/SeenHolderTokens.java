package com.kaphera.cloud.governance.credentials;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holder tokens already used to ask for credentials, kept until they expire, so that a token seen on
 * the wire cannot be replayed. Per server: across several servers a replay is still limited by the
 * token's short life (at most minutes) and by issuance being idempotent per holderPid.
 */
@ApplicationScoped
public class SeenHolderTokens {
    private static final int MAX = 100_000;
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();

    /** Tokens living longer than this are refused (EDC's wallets issue 5-minute tokens). */
    public static final java.time.Duration MAX_LIFETIME = java.time.Duration.ofMinutes(10);
    /** The verifier's clock tolerance: a token is accepted until {@code exp} plus this. */
    private static final java.time.Duration SKEW = java.time.Duration.ofSeconds(30);

    /**
     * Records {@code tokenId} (holder DID + jti); false when it was seen before (or when so many
     * tokens are in flight that no more can be remembered: fails closed).
     */
    public boolean firstUse(String holder, String tokenId, Instant expiresAt) {
        Instant now = Instant.now();
        if (seen.size() > MAX / 2) {
            seen.values().removeIf(exp -> exp.plus(SKEW).isBefore(now));
        }
        if (seen.size() >= MAX) {
            return false;
        }
        return seen.putIfAbsent(holder + " " + tokenId, expiresAt) == null;
    }
}
