package com.kaphera.cloud.governance.credentials.dcp;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * The credential that publishes a {@link BitstringStatusList}: type {@code BitstringStatusListCredential}, subject
 * {@code {id: <url>#list, type: BitstringStatusList, statusPurpose, encodedList}}, in the same VC 1.1 shape as the
 * credentials it serves ({@code issuanceDate}/{@code expirationDate}).
 * <p>
 * It has two forms, and the server must serve the right one, because EDC versions differ:
 * <ul>
 * <li>{@link #json} — the plain JSON credential. EDC 0.15's {@code BaseRevocationListService} always parses the
 * download as JSON (Jackson, into {@code BitstringStatusListCredential}) and checks no signature; EDC ≥ 0.16 asks
 * for it with {@code Accept: application/json} when configured so. Serve it for {@code application/json} and for
 * {@code *}{@code /*} or no Accept (EDC 0.15's default, {@code edc.iam.credential.revocation.mimetype=*}{@code /*}).</li>
 * <li>{@link #issue} — the signed VC-JWT ({@code application/vc+jwt}), whose {@code vc} claim is exactly the JSON
 * form. EDC ≥ 0.16 verifies it against the issuer's DID document; our own {@link CredentialVerifier} only trusts
 * this form. Serve it for {@code application/vc+jwt}.</li>
 * </ul>
 * An EDC ≥ 0.16 connector left at the {@code *}{@code /*} default expects the JWT; configuring such connectors with
 * {@code edc.iam.credential.revocation.mimetype=application/json} makes every version agree on the JSON form.
 */
public final class StatusListCredential {
    public static final String TYPE = "BitstringStatusListCredential";
    public static final String SUBJECT_TYPE = "BitstringStatusList";
    /** Media type of the signed form. */
    public static final String JWT_MEDIA_TYPE = "application/vc+jwt";

    private StatusListCredential() {
    }

    /**
     * The unsigned JSON form.
     *
     * @param issuerDid     the issuer DID (the same that issues the credentials pointing here)
     * @param url           where it is published; also its id, and what the credentials' {@code statusListCredential} say
     * @param statusPurpose {@code revocation} or {@code suspension}
     * @param validFrom     when this version was made
     * @param validUntil    when verifiers must fetch again (EDC re-downloads a cached list once it has expired)
     */
    public static JsonObject json(String issuerDid, URI url, String statusPurpose, BitstringStatusList list,
                                  Instant validFrom, Instant validUntil) {
        DidWeb.parse(issuerDid);
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(list, "list");
        if (!StatusEntry.REVOCATION.equals(statusPurpose) && !StatusEntry.SUSPENSION.equals(statusPurpose)) {
            throw new IllegalArgumentException("A status purpose is 'revocation' or 'suspension'.");
        }
        Instant from = validFrom.truncatedTo(ChronoUnit.SECONDS);
        Instant until = validUntil.truncatedTo(ChronoUnit.SECONDS);
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("A status list credential must expire after it is issued.");
        }
        return Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add(VerifiableCredentials.CREDENTIALS_V1))
                .add("id", url.toString())
                .add("type", JsonValues.array(List.of(CredentialDraft.VERIFIABLE_CREDENTIAL, TYPE)))
                .add("issuer", issuerDid)
                .add("issuanceDate", from.toString())
                .add("expirationDate", until.toString())
                .add("credentialSubject", Json.createObjectBuilder()
                        .add("id", url + "#list")
                        .add("type", SUBJECT_TYPE)
                        .add("statusPurpose", statusPurpose)
                        .add("encodedList", list.encodedList()))
                .build();
    }

    /** The signed form: a VC-JWT by {@code key}'s DID whose {@code vc} claim is {@link #json}; {@code sub} is the list's subject id. */
    public static String issue(IssuerKey key, URI url, String statusPurpose, BitstringStatusList list,
                               Instant validFrom, Instant validUntil) {
        JsonObject credential = json(key.issuerDid(), url, statusPurpose, list, validFrom, validUntil);
        Instant from = Instant.parse(credential.getString("issuanceDate"));
        Instant until = Instant.parse(credential.getString("expirationDate"));
        return Jws.sign(key, Json.createObjectBuilder()
                .add("iss", key.issuerDid())
                .add("sub", url + "#list")
                .add("jti", url.toString())
                .add("iat", from.getEpochSecond())
                .add("nbf", from.getEpochSecond())
                .add("exp", until.getEpochSecond())
                .add("vc", credential)
                .build());
    }
}
