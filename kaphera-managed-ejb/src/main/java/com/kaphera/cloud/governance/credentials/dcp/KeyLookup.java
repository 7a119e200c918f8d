package com.kaphera.cloud.governance.credentials.dcp;

import com.nimbusds.jose.jwk.JWK;
import jakarta.json.JsonObject;

/** Finds the public key a {@code kid} names in a DID's document; shared by the token and credential verifiers. */
final class KeyLookup {
    private KeyLookup() {
    }

    /** Why no key was found. */
    enum Failure { UNRESOLVABLE, UNKNOWN_KEY }

    static final class Exception extends java.lang.Exception {
        private static final long serialVersionUID = 1L;
        final Failure failure;

        Exception(Failure failure, String message) {
            super(message, null, false, false);
            this.failure = failure;
        }
    }

    /**
     * The key {@code kid} names in the DID document of {@code did}. A kid naming another DID than {@code did} is an
     * unknown key: a token's signer is the DID it speaks for.
     */
    static JWK find(DidResolver resolver, String did, String kid) throws Exception {
        if (kid == null || kid.isEmpty()) {
            throw new Exception(Failure.UNKNOWN_KEY, "The token names no key ('kid' header).");
        }
        if (kid.contains("#") && !kid.startsWith("#") && !kid.startsWith(did + "#")) {
            throw new Exception(Failure.UNKNOWN_KEY, "The key " + Untrusted.quote(kid) + " is not a key of " + Untrusted.quote(did) + ".");
        }
        JsonObject document;
        try {
            document = resolver.resolve(did);
        } catch (DidResolutionException e) {
            throw new Exception(Failure.UNRESOLVABLE, "The DID document of " + Untrusted.quote(did) + " could not be had: " + e.getMessage());
        }
        DidDocument parsed;
        try {
            parsed = DidDocument.parse(document);
        } catch (InvalidDidDocumentException e) {
            throw new Exception(Failure.UNRESOLVABLE, e.getMessage());
        }
        if (!did.equals(parsed.id())) {
            throw new Exception(Failure.UNRESOLVABLE, "The DID document resolved for " + Untrusted.quote(did) + " is for "
                    + Untrusted.quote(parsed.id()) + ".");
        }
        return parsed.key(kid).map(DidDocument.VerificationMethod::publicKeyJwk)
                .orElseThrow(() -> new Exception(Failure.UNKNOWN_KEY, "The DID document of " + Untrusted.quote(did)
                        + " publishes no key " + Untrusted.quote(kid) + " (it may have been rotated out)."));
    }
}
