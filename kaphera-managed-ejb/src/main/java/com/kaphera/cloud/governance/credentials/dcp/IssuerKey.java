package com.kaphera.cloud.governance.credentials.dcp;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.text.ParseException;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;

/**
 * An issuer's signing key: EC P-256 (ES256), named by a full DID URL {@code <issuer DID>#<fragment>} that its DID
 * document publishes, as EDC requires ({@code kid} must be {@code <iss>#…}). At rest it is only ever
 * {@link #sealed(SecretKey) sealed}: a JWE (dir + A256GCM) of the private JWK under the key-encryption key, whose
 * header carries the KEK's {@link Kek#fingerprint fingerprint}. Private key material is never exposed, logged or
 * printed by this class; {@link #toString()} shows the key id only.
 */
public final class IssuerKey {
    private static final Pattern FRAGMENT = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
    private static final String SEALED_CONTENT_TYPE = "jwk+json";

    private final ECKey privateJwk;

    private IssuerKey(ECKey privateJwk) {
        this.privateJwk = privateJwk;
    }

    /**
     * A new P-256 key for {@code issuerDid} whose fragment is its RFC 7638 JWK thumbprint: unique without a counter,
     * and the same name wherever the key is seen.
     */
    public static IssuerKey generate(String issuerDid) {
        DidWeb.parse(issuerDid);
        ECKey generated = newKey();
        try {
            String thumbprint = generated.computeThumbprint().toString();
            return new IssuerKey(new ECKey.Builder(generated).keyID(issuerDid + "#" + thumbprint).build());
        } catch (JOSEException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** A new P-256 key for {@code issuerDid} named {@code issuerDid#fragment}, e.g. {@code key-3}. */
    public static IssuerKey generate(String issuerDid, String fragment) {
        DidWeb.parse(issuerDid);
        if (fragment == null || !FRAGMENT.matcher(fragment).matches()) {
            throw new IllegalArgumentException("A key fragment is 1-128 letters, digits, '.', '_', '~' or '-', not "
                    + Untrusted.quote(fragment) + ".");
        }
        return new IssuerKey(new ECKey.Builder(newKey()).keyID(issuerDid + "#" + fragment).build());
    }

    /**
     * Opens a sealed key.
     *
     * @throws SealedKeyException if {@code kek} is not the key it was sealed with, or the value was altered or is not
     *                            a sealed issuer key
     */
    public static IssuerKey unseal(String sealed, SecretKey kek) {
        Objects.requireNonNull(kek, "kek");
        JWEObject jwe;
        try {
            jwe = JWEObject.parse(Objects.requireNonNull(sealed, "sealed"));
        } catch (ParseException e) {
            throw new SealedKeyException("The stored value is not a sealed issuer key (not a JWE).");
        }
        JWEHeader header = jwe.getHeader();
        if (!JWEAlgorithm.DIR.equals(header.getAlgorithm()) || !EncryptionMethod.A256GCM.equals(header.getEncryptionMethod())) {
            throw new SealedKeyException("The stored value is not a sealed issuer key (expected dir/A256GCM, found "
                    + header.getAlgorithm() + "/" + header.getEncryptionMethod() + ").");
        }
        String given = Kek.fingerprint(kek);
        if (header.getKeyID() != null && !header.getKeyID().equals(given)) {
            throw new SealedKeyException("The issuer key was sealed with the key-encryption key " + Untrusted.quote(header.getKeyID())
                    + ", not with the configured one " + Untrusted.quote(given) + ".");
        }
        try {
            jwe.decrypt(new DirectDecrypter(kek));
        } catch (JOSEException e) {
            // no cause attached: nothing from the cipher belongs in a log next to a key
            throw new SealedKeyException("The issuer key could not be opened with the key-encryption key " + Untrusted.quote(given)
                    + ": it was sealed with another key or the stored value was altered.");
        }
        try {
            JWK jwk = JWK.parse(jwe.getPayload().toString());
            if (!(jwk instanceof ECKey ec) || !ec.isPrivate() || !Curve.P_256.equals(ec.getCurve()) || ec.getKeyID() == null
                    || ec.getKeyID().indexOf('#') <= 0) {
                throw new SealedKeyException("The sealed value is not a P-256 issuer key with a DID URL key id.");
            }
            return new IssuerKey(ec);
        } catch (ParseException e) {
            throw new SealedKeyException("The sealed value is not a JWK.");
        }
    }

    /** The fingerprint of the KEK that sealed {@code sealed} (from its header, no KEK needed), or null if it names none. */
    public static String sealedWith(String sealed) {
        try {
            return JWEObject.parse(sealed).getHeader().getKeyID();
        } catch (ParseException e) {
            throw new SealedKeyException("The stored value is not a sealed issuer key (not a JWE).");
        }
    }

    /** This key sealed under {@code kek}: a compact JWE (dir + A256GCM) of the private JWK, safe to store. */
    public String sealed(SecretKey kek) {
        JWEHeader header = new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM)
                .keyID(Kek.fingerprint(kek))
                .contentType(SEALED_CONTENT_TYPE)
                .build();
        JWEObject jwe = new JWEObject(header, new Payload(privateJwk.toJSONString()));
        try {
            jwe.encrypt(new DirectEncrypter(kek));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("The key-encryption key cannot seal with A256GCM: it must be 256 bits.");
        }
        return jwe.serialize();
    }

    /** The full key id, {@code <issuer DID>#<fragment>}: the JOSE {@code kid} and the DID document's method id. */
    public String id() {
        return privateJwk.getKeyID();
    }

    /** The issuer DID this key belongs to. */
    public String issuerDid() {
        return id().substring(0, id().indexOf('#'));
    }

    /** The public JWK, with the key id as {@code kid}. */
    public ECKey publicJwk() {
        return privateJwk.toPublicJWK();
    }

    /** The public half as the DID document publishes it. */
    public PublishedKey published() {
        return new PublishedKey(id(), privateJwk.toPublicJWK());
    }

    /** An ES256 signer; package-private so that the private key never leaves this package. */
    JWSSigner signer() {
        try {
            return new ECDSASigner(privateJwk);
        } catch (JOSEException e) {
            throw new IllegalStateException("An issuer key is always a P-256 private key", e);
        }
    }

    @Override
    public String toString() {
        return "IssuerKey[" + id() + ", P-256]";
    }

    private static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("This JDK cannot generate P-256 keys", e);
        }
    }
}
