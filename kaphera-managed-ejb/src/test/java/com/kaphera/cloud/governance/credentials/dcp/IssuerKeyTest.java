package com.kaphera.cloud.governance.credentials.dcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.Base64URL;
import java.util.Base64;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class IssuerKeyTest {
    private final SecretKey kek = Kek.generate();

    @Test
    void aSealedKeyUnsealsToTheSameKeyUnderTheSameKek() {
        IssuerKey key = IssuerKey.generate(Pilot.ISSUER, "key-1");
        String sealed = key.sealed(kek);

        IssuerKey unsealed = IssuerKey.unseal(sealed, kek);

        assertEquals(key.id(), unsealed.id());
        assertEquals(key.publicJwk(), unsealed.publicJwk());
        assertEquals(Kek.fingerprint(kek), IssuerKey.sealedWith(sealed));
        String header = Pilot.decodePart(sealed, 0);
        assertTrue(header.contains("\"alg\":\"dir\"") && header.contains("\"enc\":\"A256GCM\""), header);
    }

    @Test
    void aKeySealedUnderAnotherKekFailsWithAClearMessageAndNoKeyMaterial() {
        IssuerKey key = IssuerKey.generate(Pilot.ISSUER, "key-1");
        SecretKey otherKek = Kek.generate();
        String sealed = key.sealed(kek);

        SealedKeyException e = assertThrows(SealedKeyException.class, () -> IssuerKey.unseal(sealed, otherKek));

        assertTrue(e.getMessage().contains(Kek.fingerprint(kek)) && e.getMessage().contains(Kek.fingerprint(otherKek)), e.getMessage());
        assertNull(e.getCause());
        assertFalse(e.getMessage().contains(Base64.getEncoder().encodeToString(otherKek.getEncoded())));
        String privateD = key.publicJwk().toJSONString();
        assertFalse(e.getMessage().contains(privateD));
    }

    @Test
    void aSealedKeyWithoutKekHintStillFailsUnderTheWrongKekWithoutACause() {
        IssuerKey key = IssuerKey.generate(Pilot.ISSUER, "key-1");
        String[] parts = key.sealed(kek).split("\\.", -1);
        // the same ciphertext under a header that names no KEK: the cipher itself must refuse (header is the AAD,
        // so this also shows an altered header is caught)
        String noHint = Base64URL.encode("{\"alg\":\"dir\",\"enc\":\"A256GCM\"}").toString();
        String altered = noHint + "." + parts[1] + "." + parts[2] + "." + parts[3] + "." + parts[4];

        SealedKeyException e = assertThrows(SealedKeyException.class, () -> IssuerKey.unseal(altered, kek));
        assertTrue(e.getMessage().contains("altered"), e.getMessage());
        assertNull(e.getCause());
    }

    @Test
    void somethingThatIsNotASealedKeyIsRefused() {
        assertThrows(SealedKeyException.class, () -> IssuerKey.unseal("not-a-jwe", kek));
        String signedNotSealed = SelfIssuedToken.sign(IssuerKey.generate(Pilot.ISSUER), Pilot.OEM, java.time.Duration.ofMinutes(1), Pilot.CLOCK);
        assertThrows(SealedKeyException.class, () -> IssuerKey.unseal(signedNotSealed, kek));
    }

    @Test
    void privateKeyMaterialNeverAppearsInToString() throws Exception {
        IssuerKey key = IssuerKey.generate(Pilot.ISSUER, "key-1");
        String sealed = key.sealed(kek);
        String d = com.nimbusds.jose.jwk.JWK.parse(unsealedJson(sealed)).toJSONObject().get("d").toString();

        assertEquals("IssuerKey[" + Pilot.ISSUER + "#key-1, P-256]", key.toString());
        assertFalse(key.toString().contains(d));
        assertFalse(key.published().toString().contains(d));
        assertFalse(key.publicJwk().toJSONString().contains(d));
        assertFalse(sealed.contains(d));
    }

    @Test
    void aGeneratedKeyIsNamedUnderItsIssuerDidByThumbprint() throws Exception {
        IssuerKey key = IssuerKey.generate(Pilot.ISSUER);
        assertEquals(Pilot.ISSUER + "#" + key.publicJwk().computeThumbprint(), key.id());
        assertEquals(Pilot.ISSUER, key.issuerDid());
        assertThrows(IllegalArgumentException.class, () -> IssuerKey.generate(Pilot.ISSUER, "key 1"));
        assertThrows(MalformedDidException.class, () -> IssuerKey.generate("did:example:123"));
    }

    @Test
    void aKekMustBe256BitsAndTheErrorSaysSoWithoutTheValue() {
        String short128 = Base64.getEncoder().encodeToString(new byte[16]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kek.fromBase64(short128));
        assertTrue(e.getMessage().contains("256 bits") && e.getMessage().contains("16 bytes"), e.getMessage());
        assertFalse(e.getMessage().contains(short128));
        assertThrows(IllegalArgumentException.class, () -> Kek.fromBase64("not base64 at all!"));
        assertThrows(IllegalArgumentException.class, () -> Kek.fromBase64(" "));

        byte[] raw = kek.getEncoded();
        assertEquals(kek, Kek.fromBase64(Base64.getEncoder().encodeToString(raw)));
        assertEquals(kek, Kek.fromBase64(Base64.getUrlEncoder().withoutPadding().encodeToString(raw)));
    }

    private String unsealedJson(String sealed) {
        try {
            com.nimbusds.jose.JWEObject jwe = com.nimbusds.jose.JWEObject.parse(sealed);
            jwe.decrypt(new com.nimbusds.jose.crypto.DirectDecrypter(kek));
            return jwe.getPayload().toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
