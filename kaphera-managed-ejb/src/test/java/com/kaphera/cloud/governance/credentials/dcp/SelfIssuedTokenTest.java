package com.kaphera.cloud.governance.credentials.dcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SelfIssuedTokenTest {
    private final IssuerKey issuerKey = IssuerKey.generate(Pilot.ISSUER, "key-1");

    @Test
    void theDeliveryTokenCarriesWhatEdcsWalletChecks() {
        String token = SelfIssuedToken.sign(issuerKey, Pilot.OEM, Duration.ofMinutes(5), Pilot.CLOCK);

        JsonObject header = Pilot.header(token);
        assertEquals("ES256", header.getString("alg"));
        assertEquals(Pilot.ISSUER + "#key-1", header.getString("kid"), "the kid is the full DID URL EDC resolves");
        JsonObject claims = Pilot.payload(token);
        assertEquals(Pilot.ISSUER, claims.getString("iss"));
        assertEquals(Pilot.ISSUER, claims.getString("sub"));
        assertEquals(Pilot.OEM, claims.getString("aud"));
        assertEquals(Pilot.NOW.getEpochSecond(), claims.getJsonNumber("iat").longValue());
        assertEquals(Pilot.NOW.getEpochSecond(), claims.getJsonNumber("nbf").longValue());
        assertEquals(Pilot.NOW.plusSeconds(300).getEpochSecond(), claims.getJsonNumber("exp").longValue());
        assertTrue(claims.getString("jti").length() >= 32);
    }

    @Test
    void itVerifiesAgainstTheIssuersPublishedDocument() {
        Pilot pilot = Pilot.withIssuer(issuerKey);
        String token = SelfIssuedToken.sign(issuerKey, Pilot.OEM, Duration.ofMinutes(5), Pilot.CLOCK);
        // the same rules a wallet applies, with the roles swapped: audience = the holder
        VerifiedHolder verified = new HolderTokenVerifier().verify(token, Pilot.OEM, pilot.resolver(), Pilot.CLOCK);
        assertEquals(Pilot.ISSUER, verified.did());
    }

    @Test
    void lifetimesAreShortAndAudiencesAreDids() {
        assertThrows(IllegalArgumentException.class, () -> SelfIssuedToken.sign(issuerKey, Pilot.OEM, Duration.ofHours(1), Pilot.CLOCK));
        assertThrows(IllegalArgumentException.class, () -> SelfIssuedToken.sign(issuerKey, Pilot.OEM, Duration.ZERO, Pilot.CLOCK));
        assertThrows(MalformedDidException.class, () -> SelfIssuedToken.sign(issuerKey, "bavaria-motors", Duration.ofMinutes(1), Pilot.CLOCK));
    }
}
