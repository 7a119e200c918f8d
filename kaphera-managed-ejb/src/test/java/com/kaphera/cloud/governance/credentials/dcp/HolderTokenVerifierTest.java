package com.kaphera.cloud.governance.credentials.dcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.governance.credentials.dcp.InvalidHolderTokenException.Reason;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HolderTokenVerifierTest {
    private final IssuerKey holderKey = IssuerKey.generate(Pilot.OEM, "key-1");
    private final Pilot pilot = new Pilot();
    private final HolderTokenVerifier verifier = new HolderTokenVerifier();

    HolderTokenVerifierTest() {
        pilot.publishHolder(Pilot.OEM, holderKey, false);
    }

    private String token(JsonObject claims) {
        return Pilot.sign(holderKey.signer(), Pilot.es256(holderKey.id()), claims);
    }

    private InvalidHolderTokenException refused(String token) {
        return assertThrows(InvalidHolderTokenException.class, () -> verifier.verify(token, Pilot.ISSUER, pilot.resolver(), Pilot.CLOCK));
    }

    @Test
    void aTokenShapedLikeEdcsIsAccepted() {
        VerifiedHolder holder = verifier.verify(token(Pilot.holderClaims(Pilot.OEM).build()), Pilot.ISSUER, pilot.resolver(), Pilot.CLOCK);

        assertEquals(Pilot.OEM, holder.did());
        assertEquals(holderKey.id(), holder.keyId());
        assertEquals("4b1e6a1c-5a55-4bb3-9d33-0a0e2f6c9d11", holder.tokenId());
        assertEquals(Pilot.NOW.plusSeconds(300), holder.expiresAt());
    }

    @Test
    void relativeKidsAndRelativeMethodIdsAndArrayAudiencesAreAccepted() {
        pilot.publishHolder(Pilot.OEM, holderKey, true);
        for (String kid : new String[] {"#key-1", "key-1", holderKey.id()}) {
            String token = Pilot.sign(holderKey.signer(), Pilot.es256(kid),
                    Pilot.holderClaims(Pilot.OEM).add("aud", Json.createArrayBuilder().add("did:web:other.example").add(Pilot.ISSUER)).build());
            assertEquals(holderKey.id(), verifier.verify(token, Pilot.ISSUER, pilot.resolver(), Pilot.CLOCK).keyId(), kid);
        }
    }

    @Test
    void aTokenSignedByAnotherKeyUnderTheHoldersKidHasABadSignature() {
        IssuerKey forger = IssuerKey.generate(Pilot.OEM, "key-1");
        String forged = Pilot.sign(forger.signer(), Pilot.es256(holderKey.id()), Pilot.holderClaims(Pilot.OEM).build());
        assertEquals(Reason.BAD_SIGNATURE, refused(forged).reason());
    }

    @Test
    void aTokenWhosePayloadWasChangedHasABadSignature() {
        String[] parts = token(Pilot.holderClaims(Pilot.OEM).build()).split("\\.");
        String otherPayload = Pilot.b64(Pilot.holderClaims(Pilot.OEM).add("jti", "replayed").build().toString());
        assertEquals(Reason.BAD_SIGNATURE, refused(parts[0] + "." + otherPayload + "." + parts[2]).reason());
    }

    @Test
    void anExpiredTokenIsRefusedOnceTheSkewHasPassed() {
        String token = token(Pilot.holderClaims(Pilot.OEM).build());
        Clock withinSkew = Clock.fixed(Pilot.NOW.plusSeconds(300 + 29), ZoneOffset.UTC);
        verifier.verify(token, Pilot.ISSUER, pilot.resolver(), withinSkew);
        Clock late = Clock.fixed(Pilot.NOW.plusSeconds(300 + 31), ZoneOffset.UTC);
        InvalidHolderTokenException e = assertThrows(InvalidHolderTokenException.class,
                () -> verifier.verify(token, Pilot.ISSUER, pilot.resolver(), late));
        assertEquals(Reason.EXPIRED, e.reason());
        assertEquals("expired", e.reason().code());
    }

    @Test
    void aTokenWithoutExpiryIsMalformed() {
        JsonObject noExp = Json.createObjectBuilder(Pilot.holderClaims(Pilot.OEM).build()).remove("exp").build();
        assertEquals(Reason.MALFORMED, refused(token(noExp)).reason());
    }

    @Test
    void aTokenFromTheFutureIsNotYetValid() {
        long later = Pilot.NOW.plusSeconds(120).getEpochSecond();
        assertEquals(Reason.NOT_YET_VALID, refused(token(Pilot.holderClaims(Pilot.OEM).add("nbf", later).build())).reason());
        assertEquals(Reason.NOT_YET_VALID, refused(token(Pilot.holderClaims(Pilot.OEM).add("iat", later).build())).reason());
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        InvalidHolderTokenException e = refused(token(Pilot.holderClaims(Pilot.OEM).add("aud", "did:web:127.0.0.1%3A9080:issuers:aerospace").build()));
        assertEquals(Reason.WRONG_AUDIENCE, e.reason());
        assertEquals("wrong-audience", e.reason().code());
    }

    @Test
    void aTokenWhoseIssuerIsNotItsSubjectIsRefused() {
        assertEquals(Reason.ISSUER_SUBJECT_MISMATCH, refused(token(Pilot.holderClaims(Pilot.OEM).add("sub", Pilot.TIER1).build())).reason());
    }

    @Test
    void aKidTheHoldersDocumentDoesNotPublishIsAnUnknownKey() {
        String token = Pilot.sign(holderKey.signer(), Pilot.es256(Pilot.OEM + "#key-0"), Pilot.holderClaims(Pilot.OEM).build());
        assertEquals(Reason.UNKNOWN_KEY, refused(token).reason());
        String noKid = Pilot.sign(holderKey.signer(), new JWSHeader(JWSAlgorithm.ES256), Pilot.holderClaims(Pilot.OEM).build());
        assertEquals(Reason.UNKNOWN_KEY, refused(noKid).reason());
    }

    @Test
    void aKidOfAnotherDidIsAnUnknownKeyEvenIfThatKeySigned() {
        IssuerKey tier1Key = IssuerKey.generate(Pilot.TIER1, "key-1");
        pilot.publishHolder(Pilot.TIER1, tier1Key, false);
        String token = Pilot.sign(tier1Key.signer(), Pilot.es256(tier1Key.id()), Pilot.holderClaims(Pilot.OEM).build());
        assertEquals(Reason.UNKNOWN_KEY, refused(token).reason());
    }

    @Test
    void unsignedAndHmacTokensAreRefusedAsUnsupportedAlgorithms() throws Exception {
        InvalidHolderTokenException none = refused(Pilot.unsigned(holderKey.id(), Pilot.holderClaims(Pilot.OEM).build()));
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, none.reason());
        assertEquals("unsupported-algorithm", none.reason().code());
        // HS256 keyed with the holder's public key bytes: the classic algorithm-confusion attempt
        byte[] secret = holderKey.publicJwk().toECPublicKey().getEncoded();
        String hs256 = Pilot.sign(new MACSigner(java.util.Arrays.copyOf(secret, 64)),
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(holderKey.id()).build(), Pilot.holderClaims(Pilot.OEM).build());
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, refused(hs256).reason());
    }

    @Test
    void garbageIsMalformed() {
        for (String token : new String[] {"", "abc", "a.b.c", "a.b", "x".repeat(70_000)}) {
            assertEquals(Reason.MALFORMED, refused(token).reason(), token.length() > 20 ? "long" : token);
        }
        assertEquals(Reason.MALFORMED, refused(token(Pilot.holderClaims("did:key:z6Mk").build())).reason());
    }

    @Test
    void aHolderWhoseDidCannotBeResolvedIsReportedSo() {
        IssuerKey logisticsKey = IssuerKey.generate(Pilot.LOGISTICS, "key-1");
        String token = Pilot.sign(logisticsKey.signer(), Pilot.es256(logisticsKey.id()), Pilot.holderClaims(Pilot.LOGISTICS).build());
        InvalidHolderTokenException e = refused(token);
        assertEquals(Reason.DID_UNRESOLVABLE, e.reason());
        assertTrue(e.getMessage().contains(Pilot.LOGISTICS), e.getMessage());
    }

    @Test
    void aResolverLimitedToParticipantsNeverFetchesOthers() {
        DidResolver onlyOem = pilot.resolver().onlyFor(Pilot.OEM::equals);
        IssuerKey tier1Key = IssuerKey.generate(Pilot.TIER1, "key-1");
        pilot.publishHolder(Pilot.TIER1, tier1Key, false);
        String token = Pilot.sign(tier1Key.signer(), Pilot.es256(tier1Key.id()), Pilot.holderClaims(Pilot.TIER1).build());
        InvalidHolderTokenException e = assertThrows(InvalidHolderTokenException.class,
                () -> verifier.verify(token, Pilot.ISSUER, onlyOem, Pilot.CLOCK));
        assertEquals(Reason.DID_UNRESOLVABLE, e.reason());
    }

    @Test
    void theBearerTokenIsTakenFromTheAuthorizationHeader() {
        assertEquals(Optional.of("abc.def.ghi"), HolderTokenVerifier.bearerToken("Bearer abc.def.ghi"));
        assertEquals(Optional.of("abc.def.ghi"), HolderTokenVerifier.bearerToken("bearer  abc.def.ghi "));
        assertEquals(Optional.empty(), HolderTokenVerifier.bearerToken("Basic dXNlcjpwdw=="));
        assertEquals(Optional.empty(), HolderTokenVerifier.bearerToken("Bearer "));
        assertEquals(Optional.empty(), HolderTokenVerifier.bearerToken(null));
    }
}
