package com.kaphera.cloud.governance;

import com.kaphera.cloud.common.FieldError;
import com.nimbusds.jose.jwk.JWK;
import jakarta.json.JsonObject;
import java.text.ParseException;
import java.util.List;

/** Checks of public keys that callers hand us as JWKs (a trusted issuer pinned by key). */
final class PublicKeys {
    private PublicKeys() {
    }

    static void check(String path, JsonObject jwk, List<FieldError> errors) {
        try {
            JWK key = JWK.parse(jwk.toString());
            if (key.isPrivate()) {
                errors.add(new FieldError(path, "holds private key material: send the public key only"));
            } else if (!(key instanceof com.nimbusds.jose.jwk.ECKey ec) || !com.nimbusds.jose.jwk.Curve.P_256.equals(ec.getCurve())) {
                // Credentials are checked with ES256 only (what EDC wallets sign with): any other key could never verify one.
                errors.add(new FieldError(path, "must be an EC P-256 public key (credentials are checked with ES256)"));
            }
        } catch (ParseException | RuntimeException e) {
            errors.add(new FieldError(path, "is not a JWK: " + e.getMessage()));
        }
    }
}
