package com.kaphera.cloud.governance.credentials.dcp;

import com.kaphera.cloud.governance.credentials.dcp.InvalidHolderTokenException.Reason;
import com.nimbusds.jose.jwk.JWK;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies the self-issued ID token a holder's wallet sends with a DCP request to our issuer service (EDC's
 * IdentityHub sends an ES256 JWT: {@code kid} = a key of the holder's DID, {@code iss} = {@code sub} = the holder DID,
 * {@code aud} = the issuer DID, {@code iat}, {@code nbf}, {@code exp} = +5 min, {@code jti}).
 * <p>
 * Accepted: ES256 only (EdDSA would need Tink or hand-written glue to the JDK's Ed25519, and EDC wallets sign with
 * P-256 by default). {@code iss} = {@code sub} = a did:web DID, {@code aud} (string or array) containing the expected
 * audience, {@code exp} present and not passed, {@code nbf} and {@code iat} not in the future — each time check with
 * the configured skew —, and a {@code kid} naming a key of that DID (full, {@code #fragment} or bare fragment) whose
 * signature verifies. Cheap checks run first, so a token that is wrong on its face never causes a DID fetch.
 * Replay protection ({@code jti} seen before) is the caller's: the {@code jti} is returned for that.
 */
public final class HolderTokenVerifier {
    /** EDC uses 5 s of leeway on its side; 30 s here absorbs clock drift between hosts. */
    public static final Duration DEFAULT_SKEW = Duration.ofSeconds(30);

    private final Duration skew;

    public HolderTokenVerifier() {
        this(DEFAULT_SKEW);
    }

    /** @param skew the clock skew allowed on {@code exp}, {@code nbf} and {@code iat} (0 to 5 minutes) */
    public HolderTokenVerifier(Duration skew) {
        if (skew == null || skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("The clock skew must be between 0 and 5 minutes.");
        }
        this.skew = skew;
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or empty if the header is absent or of another scheme. */
    public static Optional<String> bearerToken(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.length() < 8
                || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = authorizationHeader.substring(7).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /**
     * Verifies {@code bearerToken} (the token only, without "Bearer ").
     *
     * @param expectedAudience our issuer DID, which must be among the token's audiences
     * @param resolver         resolves the holder's DID (limit it to the dataspace's participants, see
     *                         {@link DidResolver#onlyFor})
     * @throws InvalidHolderTokenException with the reason the token is refused
     */
    public VerifiedHolder verify(String bearerToken, String expectedAudience, DidResolver resolver, Clock clock) {
        Objects.requireNonNull(expectedAudience, "expectedAudience");
        Jws token;
        try {
            token = Jws.parse(bearerToken);
        } catch (Jws.FormatException e) {
            throw new InvalidHolderTokenException(Reason.MALFORMED, e.getMessage());
        }
        if (!"ES256".equals(token.algorithm())) {
            throw new InvalidHolderTokenException(Reason.UNSUPPORTED_ALGORITHM, "Tokens must be signed with ES256, not "
                    + Untrusted.quote(token.algorithm()) + ".");
        }
        JsonObject claims = token.claims();
        String issuer = JsonValues.string(claims, "iss")
                .orElseThrow(() -> new InvalidHolderTokenException(Reason.MALFORMED, "The token has no 'iss' claim."));
        String subject = JsonValues.string(claims, "sub")
                .orElseThrow(() -> new InvalidHolderTokenException(Reason.MALFORMED, "The token has no 'sub' claim."));
        if (!issuer.equals(subject)) {
            throw new InvalidHolderTokenException(Reason.ISSUER_SUBJECT_MISMATCH, "A self-issued token's 'iss' and 'sub' must be the same DID; they are "
                    + Untrusted.quote(issuer) + " and " + Untrusted.quote(subject) + ".");
        }
        if (!DidWeb.isValid(issuer)) {
            throw new InvalidHolderTokenException(Reason.MALFORMED, "The token's issuer " + Untrusted.quote(issuer) + " is not a did:web DID.");
        }
        List<String> audiences = JsonValues.strings(claims.get("aud"));
        if (!audiences.contains(expectedAudience)) {
            throw new InvalidHolderTokenException(Reason.WRONG_AUDIENCE, "The token is meant for " + (audiences.isEmpty() ? "no audience"
                    : Untrusted.quote(String.join(", ", audiences))) + ", not for " + expectedAudience + ".");
        }
        Instant expiresAt = checkTimes(token, clock.instant());
        JWK key;
        try {
            key = KeyLookup.find(resolver, issuer, token.keyId());
        } catch (KeyLookup.Exception e) {
            throw new InvalidHolderTokenException(e.failure == KeyLookup.Failure.UNRESOLVABLE ? Reason.DID_UNRESOLVABLE : Reason.UNKNOWN_KEY,
                    e.getMessage());
        }
        if (!token.verifiedBy(key)) {
            throw new InvalidHolderTokenException(Reason.BAD_SIGNATURE, "The token's signature does not verify with the key "
                    + Untrusted.quote(token.keyId()) + " of " + issuer + ".");
        }
        String keyId = token.keyId().startsWith("#") ? issuer + token.keyId()
                : token.keyId().contains("#") ? token.keyId() : issuer + "#" + token.keyId();
        return new VerifiedHolder(issuer, keyId, JsonValues.string(claims, "jti").orElse(null), expiresAt);
    }

    private Instant checkTimes(Jws token, Instant now) {
        try {
            Instant expiresAt = token.time("exp")
                    .orElseThrow(() -> new InvalidHolderTokenException(Reason.MALFORMED, "The token has no expiry ('exp' claim)."));
            if (now.isAfter(expiresAt.plus(skew))) {
                throw new InvalidHolderTokenException(Reason.EXPIRED, "The token expired at " + expiresAt + ".");
            }
            Optional<Instant> notBefore = token.time("nbf");
            if (notBefore.isPresent() && notBefore.get().isAfter(now.plus(skew))) {
                throw new InvalidHolderTokenException(Reason.NOT_YET_VALID, "The token is not valid before " + notBefore.get() + ".");
            }
            Optional<Instant> issuedAt = token.time("iat");
            if (issuedAt.isPresent() && issuedAt.get().isAfter(now.plus(skew))) {
                throw new InvalidHolderTokenException(Reason.NOT_YET_VALID, "The token says it was issued in the future, at "
                        + issuedAt.get() + ".");
            }
            return expiresAt;
        } catch (Jws.FormatException e) {
            throw new InvalidHolderTokenException(Reason.MALFORMED, e.getMessage());
        }
    }
}
