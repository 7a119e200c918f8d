package com.kaphera.cloud.governance.credentials.api;

import com.kaphera.cloud.governance.credentials.IssuerSigningKey;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An issuer signing key, public part only. */
@Schema(name = "IssuerKey")
public record IssuerKeyView(String keyId, @Schema(enumeration = {"active", "retiring"}) String state, JsonObject publicKeyJwk,
        Instant createdAt, @Schema(description = "Until when a retiring key stays published") Instant publishedUntil) {

    static IssuerKeyView of(IssuerSigningKey k) {
        return new IssuerKeyView(k.keyId(), k.state(), Json.createReader(new StringReader(k.publicJwk())).readObject(),
                k.createdAt(), k.retireAfter());
    }

    /** The keys. */
    public record IssuerKeyList(List<IssuerKeyView> items) {
    }
}
