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

    /** Records {@code tokenId} (issuer DID + jti); false when it was seen before and has not expired. */
    public boolean firstUse(String holder, String tokenId, Instant expiresAt) {
        Instant now = Instant.now();
        if (seen.size() > MAX / 2) {
            seen.values().removeIf(exp -> exp.isBefore(now));
        }
        if (seen.size() >= MAX) {
            return true; // under a flood, fall back to the token's own short life rather than refuse everyone
        }
        return seen.putIfAbsent(holder + " " + tokenId, expiresAt) == null;
    }
}
