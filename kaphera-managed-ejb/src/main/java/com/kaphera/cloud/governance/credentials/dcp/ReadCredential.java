package com.kaphera.cloud.governance.credentials.dcp;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * A VC 1.1 JWT read (not yet verified) the way EDC 0.15's {@code JwtToVerifiableCredentialTransformer} reads it:
 * {@code vc} claim, dates from {@code vc.issuanceDate}/{@code expirationDate} (or {@code validFrom}/{@code validUntil})
 * falling back to {@code nbf}/{@code exp}, issuer from {@code iss} falling back to {@code vc.issuer}.
 */
record ReadCredential(Jws jws, String issuer, String subject, String id, List<String> types, JsonObject vc,
                      JsonObject credentialSubject, Instant validFrom, Instant validUntil, List<JsonObject> status) {

    static ReadCredential from(String compact) throws Jws.FormatException {
        Jws jws = Jws.parse(compact);
        if (!"ES256".equals(jws.algorithm())) {
            throw new Jws.FormatException("It is signed with " + Untrusted.quote(jws.algorithm()) + "; only ES256 is accepted.");
        }
        JsonObject claims = jws.claims();
        if (!(claims.get("vc") instanceof JsonObject vc)) {
            throw new Jws.FormatException("It has no 'vc' claim: it is not a VC 1.1 JWT.");
        }
        String vcIssuer = JsonValues.string(vc, "issuer")
                .or(() -> vc.get("issuer") instanceof JsonObject o ? JsonValues.string(o, "id") : Optional.empty())
                .orElse(null);
        String issuer = JsonValues.string(claims, "iss").orElse(vcIssuer);
        if (issuer == null) {
            throw new Jws.FormatException("It names no issuer ('iss' claim or vc.issuer).");
        }
        if (vcIssuer != null && !vcIssuer.equals(issuer)) {
            throw new Jws.FormatException("Its 'iss' claim and vc.issuer disagree.");
        }
        String subject = JsonValues.string(claims, "sub").orElse(null);
        if (subject == null || subject.isEmpty()) {
            // EDC's HasSubjectRule refuses credentials without 'sub'
            throw new Jws.FormatException("It has no 'sub' claim.");
        }
        List<String> types = JsonValues.strings(vc.get("type"));
        if (!types.contains(CredentialDraft.VERIFIABLE_CREDENTIAL)) {
            throw new Jws.FormatException("Its vc.type does not include VerifiableCredential.");
        }
        List<JsonObject> subjects = JsonValues.objects(vc.get("credentialSubject"));
        if (subjects.size() != 1) {
            throw new Jws.FormatException("It must have exactly one credentialSubject.");
        }
        Instant validFrom = date(vc, "issuanceDate", "validFrom").or(() -> time(jws, "nbf"))
                .orElseThrow(() -> new Jws.FormatException("It has no issuance date (vc.issuanceDate or 'nbf')."));
        Instant validUntil = date(vc, "expirationDate", "validUntil").or(() -> time(jws, "exp")).orElse(null);
        String id = JsonValues.string(claims, "jti").or(() -> JsonValues.string(vc, "id")).orElse(null);
        return new ReadCredential(jws, issuer, subject, id, types, vc, subjects.get(0), validFrom, validUntil,
                JsonValues.objects(vc.get("credentialStatus")));
    }

    private static Optional<Instant> date(JsonObject vc, String name, String alias) throws Jws.FormatException {
        JsonValue value = vc.containsKey(name) ? vc.get(name) : vc.get(alias);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(JsonValues.string(vc, vc.containsKey(name) ? name : alias).orElseThrow()));
        } catch (DateTimeParseException | java.util.NoSuchElementException e) {
            throw new Jws.FormatException("Its vc." + (vc.containsKey(name) ? name : alias) + " is not an ISO-8601 UTC time.");
        }
    }

    private static Optional<Instant> time(Jws jws, String claim) {
        try {
            return jws.time(claim);
        } catch (Jws.FormatException e) {
            return Optional.empty();
        }
    }
}
