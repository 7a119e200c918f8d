package com.kaphera.cloud.governance.credentials.dcp;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.Map;

/**
 * Issues W3C Verifiable Credentials 1.1 as JWTs (DCP format {@code VC1_0_JWT}), shaped as EDC 0.15 reads them:
 * <ul>
 * <li>JWT claims {@code iss} (issuer DID), {@code sub} (holder DID; EDC's {@code HasSubjectRule} requires it),
 * {@code jti} (= credential id), {@code nbf} = {@code iat} = issuance, {@code exp} = expiration, and {@code vc};</li>
 * <li>header {@code kid} = the full key id {@code <iss>#…} (EDC's {@code IssuerKeyIdValidationRule} requires the
 * {@code <iss>#} prefix and resolves the key from it), {@code alg} ES256;</li>
 * <li>{@code vc}: {@code @context} [{@value #CREDENTIALS_V1}], {@code type}, {@code id}, {@code issuer},
 * {@code issuanceDate}/{@code expirationDate} (ISO-8601, UTC; EDC prefers them over nbf/exp),
 * {@code credentialSubject} {@code {id: holder DID, …claims}} and an optional {@code credentialStatus}
 * ({@link StatusEntry}). This matches what EDC IdentityHub 0.15's own {@code JwtCredentialGenerator} produces.</li>
 * </ul>
 * The Bitstring status terms are not defined by the 1.1 context; no EDC component expands JWT credentials as JSON-LD,
 * and mixing in the 2.0 context would be a JSON-LD error (its terms are protected), so only the 1.1 context is given.
 */
public final class VerifiableCredentials {
    /** The DCP / EDC name of this format. */
    public static final String FORMAT = "VC1_0_JWT";
    public static final String CREDENTIALS_V1 = "https://www.w3.org/2018/credentials/v1";

    private VerifiableCredentials() {
    }

    /** Signs {@code draft} with {@code key}; the issuer is the key's DID. */
    public static String issue(IssuerKey key, CredentialDraft draft) {
        String issuer = key.issuerDid();
        JsonObjectBuilder subject = Json.createObjectBuilder().add("id", draft.subjectDid());
        for (Map.Entry<String, jakarta.json.JsonValue> claim : draft.subjectClaims().entrySet()) {
            if (!claim.getKey().equals("id")) {
                subject.add(claim.getKey(), claim.getValue());
            }
        }
        JsonObjectBuilder vc = Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add(CREDENTIALS_V1))
                .add("id", draft.id().toString())
                .add("type", JsonValues.array(draft.types()))
                .add("issuer", issuer)
                .add("issuanceDate", draft.issuanceDate().toString())
                .add("expirationDate", draft.expirationDate().toString())
                .add("credentialSubject", subject);
        draft.status().ifPresent(status -> vc.add("credentialStatus", statusJson(status)));
        return Jws.sign(key, Json.createObjectBuilder()
                .add("iss", issuer)
                .add("sub", draft.subjectDid())
                .add("jti", draft.id().toString())
                .add("iat", seconds(draft.issuanceDate()))
                .add("nbf", seconds(draft.issuanceDate()))
                .add("exp", seconds(draft.expirationDate()))
                .add("vc", vc)
                .build());
    }

    static JsonObject statusJson(StatusEntry status) {
        return Json.createObjectBuilder()
                .add("id", status.id())
                .add("type", StatusEntry.TYPE)
                .add("statusPurpose", status.statusPurpose())
                // a string, as the Bitstring Status List spec says; EDC parses either
                .add("statusListIndex", Integer.toString(status.statusListIndex()))
                .add("statusListCredential", status.statusListCredential().toString())
                .build();
    }

    private static long seconds(Instant instant) {
        return instant.getEpochSecond();
    }
}
