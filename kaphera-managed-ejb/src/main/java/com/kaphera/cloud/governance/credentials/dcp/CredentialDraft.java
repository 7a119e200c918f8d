package com.kaphera.cloud.governance.credentials.dcp;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a credential will say, before it is signed. Times are kept to the second (JWT times are whole seconds).
 *
 * @param id               the credential id, e.g. {@code urn:uuid:…}; also the JWT {@code jti}, which EDC's wallet
 *                         stores the credential under
 * @param types            its types; {@code VerifiableCredential} is put first if missing. The wallet only stores a
 *                         delivered credential whose types contain the {@code type} the holder asked for
 * @param subjectDid       the holder DID ({@code credentialSubject.id} and {@code sub}); EDC checks it equals the
 *                         presenter's DID
 * @param subjectClaims    the other {@code credentialSubject} members, at least one (EDC cannot read a subject with
 *                         only an id); an {@code id} here must equal {@code subjectDid}
 * @param issuanceDate     from when it is valid
 * @param expirationDate   until when it is valid
 * @param credentialStatus where its revocation bit lives, or null for a credential that cannot be revoked
 */
public record CredentialDraft(URI id, List<String> types, String subjectDid, JsonObject subjectClaims,
                              Instant issuanceDate, Instant expirationDate, StatusEntry credentialStatus) {
    static final String VERIFIABLE_CREDENTIAL = "VerifiableCredential";
    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,127}");

    public CredentialDraft {
        Objects.requireNonNull(id, "id");
        if (!id.isAbsolute()) {
            throw new IllegalArgumentException("A credential id is an absolute URI such as urn:uuid:…, not " + id + ".");
        }
        List<String> allTypes = new ArrayList<>();
        allTypes.add(VERIFIABLE_CREDENTIAL);
        for (String type : Objects.requireNonNull(types, "types")) {
            if (type == null || !TYPE.matcher(type).matches()) {
                throw new IllegalArgumentException("A credential type is a term such as MembershipCredential, not " + Untrusted.quote(type) + ".");
            }
            if (!allTypes.contains(type)) {
                allTypes.add(type);
            }
        }
        if (allTypes.size() < 2) {
            throw new IllegalArgumentException("A credential needs a type besides VerifiableCredential, e.g. MembershipCredential.");
        }
        types = List.copyOf(allTypes);
        DidWeb.parse(subjectDid);
        Objects.requireNonNull(subjectClaims, "subjectClaims");
        if (subjectClaims.keySet().stream().allMatch("id"::equals)) {
            // EDC 0.15's CredentialSubject.Builder throws "CredentialSubject must contain claims" on reading such a
            // credential, which fails the holder's whole presentation
            throw new IllegalArgumentException("A credential subject needs at least one claim besides its id.");
        }
        JsonValue claimedId = subjectClaims.get("id");
        if (claimedId != null && !(claimedId instanceof JsonString s && s.getString().equals(subjectDid))) {
            throw new IllegalArgumentException("The subject claims carry an 'id' other than the subject DID.");
        }
        issuanceDate = Objects.requireNonNull(issuanceDate, "issuanceDate").truncatedTo(ChronoUnit.SECONDS);
        expirationDate = Objects.requireNonNull(expirationDate, "expirationDate").truncatedTo(ChronoUnit.SECONDS);
        if (!expirationDate.isAfter(issuanceDate)) {
            throw new IllegalArgumentException("A credential must expire after it is issued.");
        }
    }

    /** A new random {@code urn:uuid:} credential id. */
    public static URI newId() {
        return URI.create("urn:uuid:" + java.util.UUID.randomUUID());
    }

    public Optional<StatusEntry> status() {
        return Optional.ofNullable(credentialStatus);
    }
}
