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
            } else if (!List.of("EC", "OKP", "RSA").contains(key.getKeyType().getValue())) {
                errors.add(new FieldError(path, "must be an EC, OKP or RSA public key"));
            }
        } catch (ParseException | RuntimeException e) {
            errors.add(new FieldError(path, "is not a JWK: " + e.getMessage()));
        }
    }
}
