package com.kaphera.cloud.governance.credentials.dcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CredentialVerifierTest {
    private final IssuerKey issuerKey = IssuerKey.generate(Pilot.ISSUER, "key-1");
    private final Pilot pilot = Pilot.withIssuer(issuerKey);
    private final BitstringStatusList revocations = BitstringStatusList.empty();
    /** The status lists "published"; the fetcher reads from here as the server reads its own from the database. */
    private final Map<URI, String> published = new HashMap<>();
    private final CredentialVerifier verifier = new CredentialVerifier();
    private final Set<String> trusted = Set.of(Pilot.ISSUER);

    private void publishStatusList(IssuerKey signer) {
        published.put(Pilot.STATUS_LIST, StatusListCredential.issue(signer, Pilot.STATUS_LIST, StatusEntry.REVOCATION, revocations,
                Pilot.NOW.minusSeconds(60), Pilot.NOW.plusSeconds(3600)));
    }

    private StatusListFetcher fetcher() {
        return url -> {
            String jwt = published.get(url);
            if (jwt == null) {
                throw new StatusListUnavailableException("Nothing is published at " + url);
            }
            return jwt;
        };
    }

    private Verification verify(String vc) {
        return verify(vc, Pilot.CLOCK);
    }

    private Verification verify(String vc, Clock clock) {
        return verifier.verify(vc, trusted, pilot.resolver(), fetcher(), clock);
    }

    private String membership(int statusIndex) {
        return VerifiableCredentials.issue(issuerKey, Pilot.membership(Pilot.OEM, StatusEntry.revocation(Pilot.STATUS_LIST, statusIndex)));
    }

    @Test
    void anIssuedCredentialPassesEveryCheck() {
        publishStatusList(issuerKey);
        Verification result = verify(membership(42));

        assertTrue(result.valid(), result.toString());
        assertEquals(List.of("format", "signature", "trusted-issuer", "expiry", "status"),
                result.checks().stream().map(Verification.Check::name).toList());
        assertTrue(result.check("status").orElseThrow().detail().contains("bit 42 is not set"), result.toString());
    }

    @Test
    void theCredentialIsShapedAsEdcReadsAVc11Jwt() {
        CredentialDraft draft = Pilot.membership(Pilot.OEM, StatusEntry.revocation(Pilot.STATUS_LIST, 42));
        String vc = VerifiableCredentials.issue(issuerKey, draft);

        assertEquals(Pilot.ISSUER + "#key-1", Pilot.header(vc).getString("kid"));
        JsonObject claims = Pilot.payload(vc);
        assertEquals(Pilot.ISSUER, claims.getString("iss"));
        assertEquals(Pilot.OEM, claims.getString("sub"));
        assertEquals(draft.id().toString(), claims.getString("jti"));
        assertEquals(draft.issuanceDate().getEpochSecond(), claims.getJsonNumber("nbf").longValue());
        assertEquals(draft.expirationDate().getEpochSecond(), claims.getJsonNumber("exp").longValue());
        JsonObject credential = claims.getJsonObject("vc");
        assertEquals(Json.createArrayBuilder().add("https://www.w3.org/2018/credentials/v1").build(), credential.getJsonArray("@context"));
        assertEquals(Json.createArrayBuilder().add("VerifiableCredential").add("MembershipCredential").build(), credential.getJsonArray("type"));
        assertEquals(draft.id().toString(), credential.getString("id"));
        assertEquals(Pilot.ISSUER, credential.getString("issuer"));
        assertEquals("2026-12-01T08:00:00Z", credential.getString("issuanceDate"));
        assertEquals(Pilot.OEM, credential.getJsonObject("credentialSubject").getString("id"));
        assertEquals("automotive", credential.getJsonObject("credentialSubject").getJsonObject("membership").getString("dataspace"));
        assertEquals(Json.createObjectBuilder()
                .add("id", Pilot.STATUS_LIST + "#42").add("type", "BitstringStatusListEntry").add("statusPurpose", "revocation")
                .add("statusListIndex", "42").add("statusListCredential", Pilot.STATUS_LIST.toString()).build(),
                credential.getJsonObject("credentialStatus"));
    }

    @Test
    void aCredentialWithAnyPayloadCharacterChangedFailsTheSignature() {
        publishStatusList(issuerKey);
        String[] parts = membership(42).split("\\.");
        String json = Pilot.decodePart(String.join(".", parts), 1);
        String elevated = json.replace("\"role\":\"participant\"", "\"role\":\"operator__\"");
        Verification result = verify(parts[0] + "." + Pilot.b64(elevated) + "." + parts[2]);

        assertFalse(result.valid());
        assertFalse(result.check("signature").orElseThrow().passed());
        assertFalse(result.check("status").orElseThrow().passed(), "a forged credential's status list is not followed");

        for (int i = 0; i < parts[1].length(); i += 97) {
            char flipped = parts[1].charAt(i) == 'A' ? 'B' : 'A';
            String tampered = parts[0] + "." + parts[1].substring(0, i) + flipped + parts[1].substring(i + 1) + "." + parts[2];
            Verification r = verify(tampered);
            assertFalse(r.valid(), "payload character " + i);
            assertFalse(r.check("format").orElseThrow().passed() && r.check("signature").orElseThrow().passed(), "payload character " + i);
        }
    }

    @Test
    void aRevokedCredentialFailsItsStatus() {
        revocations.set(42, true);
        publishStatusList(issuerKey);
        Verification result = verify(membership(42));

        assertFalse(result.valid());
        Verification.Check status = result.check("status").orElseThrow();
        assertFalse(status.passed());
        assertTrue(status.detail().contains("revoked"), status.detail());
        assertTrue(result.check("signature").orElseThrow().passed());
        assertTrue(verify(membership(43)).valid(), "the neighbouring bit is not revoked");
    }

    @Test
    void aRotatedKeyStillPublishedVerifiesOldCredentialsUntilItIsWithdrawn() {
        String signedWithOldKey = membership(7);
        IssuerKey newKey = IssuerKey.generate(Pilot.ISSUER, "key-2");
        pilot.publishIssuer(newKey, issuerKey); // overlap: the old key stays published
        publishStatusList(newKey);              // the list is re-signed with the new key

        assertTrue(verify(signedWithOldKey).valid(), verify(signedWithOldKey).toString());
        assertTrue(verify(VerifiableCredentials.issue(newKey, Pilot.membership(Pilot.TIER1, null))).valid());

        pilot.publishIssuer(newKey); // the overlap ends
        Verification withdrawn = verify(signedWithOldKey);
        assertFalse(withdrawn.valid());
        assertTrue(withdrawn.check("signature").orElseThrow().detail().contains("publishes no key"), withdrawn.toString());
    }

    @Test
    void aCredentialFromAnIssuerOutsideTheTrustedSetFails() {
        String otherIssuer = "did:web:127.0.0.1%3A9080:issuers:aerospace";
        IssuerKey otherKey = IssuerKey.generate(otherIssuer, "key-1");
        pilot.didDocuments.put(otherIssuer, DidDocument.issuer(otherIssuer, List.of(otherKey.published()), Pilot.ISSUER_SERVICE));
        Verification result = verify(VerifiableCredentials.issue(otherKey, Pilot.membership(Pilot.OEM, null)));

        assertTrue(result.check("signature").orElseThrow().passed());
        assertFalse(result.check("trusted-issuer").orElseThrow().passed());
        assertFalse(result.valid());
    }

    @Test
    void anExpiredOrNotYetValidCredentialFailsExpiry() {
        String vc = VerifiableCredentials.issue(issuerKey, Pilot.membership(Pilot.OEM, null));
        Clock nextYear = Clock.fixed(Pilot.NOW.plusSeconds(366L * 24 * 3600), ZoneOffset.UTC);
        Verification expired = verify(vc, nextYear);
        assertFalse(expired.check("expiry").orElseThrow().passed());
        assertTrue(expired.check("expiry").orElseThrow().detail().contains("expired"));

        Clock before = Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC);
        assertFalse(verify(vc, before).check("expiry").orElseThrow().passed());
        assertTrue(verify(vc).valid(), "no status entry: nothing to revoke");
    }

    @Test
    void aStatusListThatCannotBeHadOrIsNotTheIssuersFailsTheStatus() {
        String vc = membership(42);
        Verification missing = verify(vc);
        assertFalse(missing.check("status").orElseThrow().passed());
        assertTrue(missing.check("status").orElseThrow().detail().contains("could not be had"));

        String otherIssuer = "did:web:127.0.0.1%3A9080:issuers:aerospace";
        IssuerKey otherKey = IssuerKey.generate(otherIssuer, "key-1");
        pilot.didDocuments.put(otherIssuer, DidDocument.issuer(otherIssuer, List.of(otherKey.published()), Pilot.ISSUER_SERVICE));
        publishStatusList(otherKey);
        Verification foreignList = verify(vc);
        assertFalse(foreignList.check("status").orElseThrow().passed());
        assertTrue(foreignList.check("status").orElseThrow().detail().contains("not by the credential's issuer"));

        // a list signed by a key the issuer does not publish
        publishStatusList(IssuerKey.generate(Pilot.ISSUER, "key-9"));
        assertFalse(verify(vc).check("status").orElseThrow().passed());

        // the issuer's list, but an expired version of it
        published.put(Pilot.STATUS_LIST, StatusListCredential.issue(issuerKey, Pilot.STATUS_LIST, StatusEntry.REVOCATION, revocations,
                Pilot.NOW.minusSeconds(7200), Pilot.NOW.minusSeconds(3600)));
        assertFalse(verify(vc).check("status").orElseThrow().passed());

        // a list for another purpose
        published.put(Pilot.STATUS_LIST, StatusListCredential.issue(issuerKey, Pilot.STATUS_LIST, StatusEntry.SUSPENSION, revocations,
                Pilot.NOW.minusSeconds(60), Pilot.NOW.plusSeconds(3600)));
        assertFalse(verify(vc).check("status").orElseThrow().passed());
    }

    @Test
    void anUnreadableCredentialFailsFormatAndNothingElseIsClaimed() {
        for (String bad : new String[] {"", "eyJ.eyJ.sig", SelfIssuedToken.sign(issuerKey, Pilot.OEM, java.time.Duration.ofMinutes(1), Pilot.CLOCK),
                Pilot.unsigned(issuerKey.id(), Json.createObjectBuilder().add("iss", Pilot.ISSUER).add("sub", Pilot.OEM).build())}) {
            Verification result = verify(bad);
            assertFalse(result.valid());
            assertEquals(1, result.checks().size());
            assertFalse(result.check("format").orElseThrow().passed());
        }
    }

    @Test
    void aDraftWithoutSubjectClaimsIsRefusedBecauseEdcCannotReadIt() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CredentialDraft(CredentialDraft.newId(), List.of("MembershipCredential"), Pilot.OEM,
                        Json.createObjectBuilder().add("id", Pilot.OEM).build(), Pilot.NOW, Pilot.NOW.plusSeconds(60), null));
        assertTrue(e.getMessage().contains("at least one claim"), e.getMessage());
    }

    @Test
    void aKidNotNamedUnderTheIssuerFailsTheSignatureAsInEdc() {
        // same key, published, but the kid is relative: EDC's IssuerKeyIdValidationRule refuses it, so do we
        JsonObject claims = Pilot.payload(membership(1));
        String relativeKid = Pilot.sign(issuerKey.signer(), Pilot.es256("#key-1"), claims);
        assertFalse(verify(relativeKid).check("signature").orElseThrow().passed());
    }
}
