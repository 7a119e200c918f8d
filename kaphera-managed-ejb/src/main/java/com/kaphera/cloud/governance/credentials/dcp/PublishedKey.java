package com.kaphera.cloud.governance.credentials.dcp;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import java.text.ParseException;
import java.util.Objects;

/**
 * A public key an issuer publishes in its DID document: the full key id ({@code <issuer DID>#<fragment>}) and the
 * public JWK (EC P-256). A key stays published after rotation for as long as credentials it signed must verify, so
 * the server keeps these apart from the (sealed) private keys. Only public members are ever kept, whatever is given.
 *
 * @param id        the verification method id, e.g. {@code did:web:kaphera.example:issuers:automotive#key-2}
 * @param publicJwk the public key
 */
public record PublishedKey(String id, ECKey publicJwk) {

    public PublishedKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(publicJwk, "publicJwk");
        int hash = id.indexOf('#');
        if (hash <= 0 || hash == id.length() - 1) {
            throw new IllegalArgumentException("A published key id is '<DID>#<fragment>', not " + Untrusted.quote(id) + ".");
        }
        DidWeb.parse(id.substring(0, hash));
        if (!Curve.P_256.equals(publicJwk.getCurve())) {
            throw new IllegalArgumentException("Issuer keys are EC P-256 (ES256); this one is on " + publicJwk.getCurve() + ".");
        }
        // only x and y: no private part, no kid/use/alg that could disagree with the DID document
        publicJwk = new ECKey.Builder(publicJwk.getCurve(), publicJwk.getX(), publicJwk.getY()).build();
    }

    /**
     * Reads a published key as stored: its id and the public JWK as JSON.
     *
     * @throws IllegalArgumentException if the JSON is not an EC P-256 JWK
     */
    public static PublishedKey parse(String id, String publicJwkJson) {
        try {
            JWK jwk = JWK.parse(publicJwkJson);
            if (!(jwk instanceof ECKey ec)) {
                throw new IllegalArgumentException("Issuer keys are EC P-256 JWKs; this one is of type " + jwk.getKeyType() + ".");
            }
            return new PublishedKey(id, ec);
        } catch (ParseException e) {
            throw new IllegalArgumentException("The stored public key of " + Untrusted.quote(id) + " is not a JWK.");
        }
    }

    /** The DID this key belongs to (the part of the id before {@code #}). */
    public String did() {
        return id.substring(0, id.indexOf('#'));
    }

    /** The public JWK as JSON, for storage ({@code kty}, {@code crv}, {@code x}, {@code y} only). */
    public String publicJwkJson() {
        return publicJwk.toJSONString();
    }
}
