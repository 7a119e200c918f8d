package com.kaphera.cloud.governance.credentials.dcp;

import java.time.Instant;

/**
 * Who sent a DCP request, as its verified self-issued token says.
 *
 * @param did       the holder DID ({@code iss} = {@code sub})
 * @param keyId     the full id of the key that signed the token
 * @param tokenId   the {@code jti}, or null if the token has none: keep it until {@code expiresAt} to refuse replays
 * @param expiresAt the token's {@code exp}
 */
public record VerifiedHolder(String did, String keyId, String tokenId, Instant expiresAt) {
}
