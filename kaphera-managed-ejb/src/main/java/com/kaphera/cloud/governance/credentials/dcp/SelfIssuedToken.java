package com.kaphera.cloud.governance.credentials.dcp;

import jakarta.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The self-issued ID token an issuer sends as bearer when it delivers credentials to a holder's wallet (DCP Storage
 * API, {@code POST <CredentialService>/credentials}). EDC's IdentityHub 0.15 checks it with
 * {@code IssuerEqualsSubjectRule}, {@code NotBeforeValidationRule}, {@code ExpirationIssuedAtValidationRule} (exp
 * required, 5 s leeway) and {@code AudienceValidationRule} (the holder's DID), and resolves the public key from the
 * {@code kid}, which must therefore be the full DID URL of a key in the issuer's DID document.
 */
public final class SelfIssuedToken {
    /** Longest lifetime handed out: the token is a bearer credential for one delivery. */
    public static final Duration MAX_TTL = Duration.ofMinutes(10);

    private SelfIssuedToken() {
    }

    /**
     * An ES256 JWT with {@code kid} = {@code key.id()}, {@code iss} = {@code sub} = the key's issuer DID,
     * {@code aud} = {@code audienceDid}, {@code iat} = {@code nbf} = now, {@code exp} = now + {@code ttl}, and a random
     * {@code jti}. (The issuer DID comes from the key, which is always named under it.)
     *
     * @throws IllegalArgumentException if the audience is not a did:web DID or the ttl is not within (0, 10 min]
     */
    public static String sign(IssuerKey key, String audienceDid, Duration ttl, Clock clock) {
        DidWeb.parse(audienceDid);
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("A self-issued token lives more than 0 and at most " + MAX_TTL.toMinutes() + " minutes.");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return Jws.sign(key, Json.createObjectBuilder()
                .add("iss", key.issuerDid())
                .add("sub", key.issuerDid())
                .add("aud", audienceDid)
                .add("iat", now.getEpochSecond())
                .add("nbf", now.getEpochSecond())
                .add("exp", now.plus(ttl).getEpochSecond())
                .add("jti", UUID.randomUUID().toString())
                .build());
    }
}
