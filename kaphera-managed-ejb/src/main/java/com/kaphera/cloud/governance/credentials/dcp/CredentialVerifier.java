package com.kaphera.cloud.governance.credentials.dcp;

import com.kaphera.cloud.governance.credentials.dcp.Verification.Check;
import com.nimbusds.jose.jwk.JWK;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a VC 1.1 JWT credential and says, check by check, what holds: {@code format}, {@code signature} (ES256,
 * {@code kid} = {@code <iss>#…} naming a key the issuer's DID document publishes now — so a credential signed with a
 * rotated key verifies while that key stays published, and fails once it is withdrawn), {@code trusted-issuer},
 * {@code expiry} and {@code status} (the Bitstring Status List bit, read from the issuer's signed status list
 * credential). It is at least as strict as an EDC 0.15 verifier, so a credential it finds valid is one EDC accepts.
 * <p>
 * It never throws for a bad credential: every problem is a failed check. The status list address inside a
 * credential is only followed once its signature and issuer have passed.
 */
public final class CredentialVerifier {
    /** Tolerance for clocks that disagree, applied to the validity period of credentials and status lists. */
    public static final Duration DEFAULT_SKEW = Duration.ofSeconds(30);

    private final Duration skew;

    public CredentialVerifier() {
        this(DEFAULT_SKEW);
    }

    /** @param skew tolerance on validity times, 0 to 5 minutes */
    public CredentialVerifier(Duration skew) {
        if (skew == null || skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("The clock skew must be between 0 and 5 minutes.");
        }
        this.skew = skew;
    }

    /**
     * Verifies {@code vcJwt}.
     *
     * @param trustedIssuerDids the issuer DIDs trusted for this dataspace
     * @param resolver          resolves the issuer's DID document
     * @param fetcher           gets the signed status list credential a status entry points at
     */
    public Verification verify(String vcJwt, Set<String> trustedIssuerDids, DidResolver resolver, StatusListFetcher fetcher, Clock clock) {
        List<Check> checks = new ArrayList<>();
        ReadCredential credential;
        try {
            credential = ReadCredential.from(vcJwt);
        } catch (Jws.FormatException e) {
            checks.add(new Check(Verification.FORMAT, false, "The credential cannot be read: " + e.getMessage()));
            return Verification.of(checks);
        }
        checks.add(new Check(Verification.FORMAT, true, "A VC 1.1 JWT of type " + String.join(", ", credential.types())
                + " issued by " + Untrusted.quote(credential.issuer()) + " to " + Untrusted.quote(credential.subject()) + "."));
        Check signature = signature(credential, resolver);
        checks.add(signature);
        Check trusted = trustedIssuerDids.contains(credential.issuer())
                ? new Check(Verification.TRUSTED_ISSUER, true, "The issuer " + credential.issuer() + " is trusted in this dataspace.")
                : new Check(Verification.TRUSTED_ISSUER, false, "The issuer " + Untrusted.quote(credential.issuer())
                        + " is not one this dataspace trusts.");
        checks.add(trusted);
        checks.add(period(Verification.EXPIRY, "The credential", credential.validFrom(), credential.validUntil(), clock.instant()));
        if (!signature.passed() || !trusted.passed()) {
            checks.add(new Check(Verification.STATUS, false, "Not checked: the status list of a credential whose signature or "
                    + "issuer failed is not looked up."));
        } else {
            checks.add(status(credential, resolver, fetcher, clock.instant()));
        }
        return Verification.of(checks);
    }

    private Check signature(ReadCredential credential, DidResolver resolver) {
        String kid = credential.jws().keyId();
        if (kid == null || !kid.startsWith(credential.issuer() + "#")) {
            // EDC's IssuerKeyIdValidationRule: the kid must be '<iss>#<fragment>'
            return new Check(Verification.SIGNATURE, false, "The signing key " + Untrusted.quote(kid) + " is not named as a key of the issuer ('"
                    + "<issuer DID>#<key>').");
        }
        JWK key;
        try {
            key = KeyLookup.find(resolver, credential.issuer(), kid);
        } catch (KeyLookup.Exception e) {
            return new Check(Verification.SIGNATURE, false, e.getMessage());
        }
        return credential.jws().verifiedBy(key)
                ? new Check(Verification.SIGNATURE, true, "Signed with " + kid + ", a key the issuer's DID document publishes.")
                : new Check(Verification.SIGNATURE, false, "The signature does not match the content: the credential was altered "
                        + "or not signed with " + Untrusted.quote(kid) + ".");
    }

    private Check period(String name, String what, Instant validFrom, Instant validUntil, Instant now) {
        if (validFrom.isAfter(now.plus(skew))) {
            return new Check(name, false, what + " is not valid before " + validFrom + ".");
        }
        if (validUntil != null && now.isAfter(validUntil.plus(skew))) {
            return new Check(name, false, what + " expired at " + validUntil + ".");
        }
        return new Check(name, true, what + " is valid from " + validFrom + (validUntil == null ? " with no end." : " until " + validUntil + "."));
    }

    private Check status(ReadCredential credential, DidResolver resolver, StatusListFetcher fetcher, Instant now) {
        if (credential.status().isEmpty()) {
            return new Check(Verification.STATUS, true, "The credential has no status entry: it cannot be revoked.");
        }
        List<String> findings = new ArrayList<>();
        for (JsonObject entry : credential.status()) {
            Optional<String> problem = statusProblem(entry, credential, resolver, fetcher, now);
            if (problem.isPresent()) {
                return new Check(Verification.STATUS, false, problem.get());
            }
            findings.add(JsonValues.string(entry, "statusPurpose").orElse("") + " bit " + JsonValues.string(entry, "statusListIndex")
                    .orElseGet(() -> String.valueOf(entry.get("statusListIndex"))) + " is not set");
        }
        return new Check(Verification.STATUS, true, "Status list checked: " + String.join("; ", findings) + ".");
    }

    /** What is wrong with one status entry, or empty if its bit is clear. */
    private Optional<String> statusProblem(JsonObject entry, ReadCredential credential, DidResolver resolver, StatusListFetcher fetcher,
                                           Instant now) {
        if (!StatusEntry.TYPE.equals(JsonValues.string(entry, "type").orElse(null))) {
            return Optional.of("The status entry is of type " + Untrusted.quote(JsonValues.string(entry, "type").orElse(null))
                    + "; only " + StatusEntry.TYPE + " can be checked.");
        }
        String purpose = JsonValues.string(entry, "statusPurpose").orElse(null);
        Optional<Integer> index = index(entry);
        Optional<URI> listUrl = JsonValues.string(entry, "statusListCredential").flatMap(CredentialVerifier::url);
        if (purpose == null || index.isEmpty() || listUrl.isEmpty()) {
            return Optional.of("The status entry lacks a statusPurpose, a statusListIndex of 0 or more, or an absolute statusListCredential URL.");
        }
        String statusSize = JsonValues.string(entry, "statusSize")
                .orElseGet(() -> entry.containsKey("statusSize") ? entry.get("statusSize").toString() : "1");
        if (!statusSize.equals("1")) {
            return Optional.of("The status entry uses more than one bit per credential (statusSize), which is not supported.");
        }
        String jwt;
        try {
            jwt = fetcher.fetch(listUrl.get());
        } catch (StatusListUnavailableException e) {
            return Optional.of("The status list could not be had: " + e.getMessage());
        }
        ReadCredential list;
        try {
            list = ReadCredential.from(jwt);
        } catch (Jws.FormatException e) {
            return Optional.of("The status list at " + listUrl.get() + " cannot be read: " + e.getMessage());
        }
        if (!list.types().contains(StatusListCredential.TYPE)) {
            return Optional.of("The credential at " + listUrl.get() + " is not a " + StatusListCredential.TYPE + ".");
        }
        if (!list.issuer().equals(credential.issuer())) {
            return Optional.of("The status list at " + listUrl.get() + " is issued by " + Untrusted.quote(list.issuer())
                    + ", not by the credential's issuer.");
        }
        Optional<String> listId = JsonValues.string(list.vc(), "id");
        if (listId.isPresent() && !listId.get().equals(listUrl.get().toString())) {
            return Optional.of("The status list served at " + listUrl.get() + " says it is " + Untrusted.quote(listId.get()) + ".");
        }
        Check listSignature = signature(list, resolver);
        if (!listSignature.passed()) {
            return Optional.of("The status list's signature fails: " + listSignature.detail());
        }
        Check listPeriod = period(Verification.STATUS, "The status list", list.validFrom(), list.validUntil(), now);
        if (!listPeriod.passed()) {
            return Optional.of(listPeriod.detail() + " Its bits cannot be relied on.");
        }
        String listPurpose = JsonValues.string(list.credentialSubject(), "statusPurpose").orElse(null);
        if (!purpose.equals(listPurpose)) {
            return Optional.of("The status entry is for " + Untrusted.quote(purpose) + " but the list is for " + Untrusted.quote(listPurpose) + ".");
        }
        BitstringStatusList bits;
        try {
            bits = BitstringStatusList.decode(JsonValues.string(list.credentialSubject(), "encodedList").orElse(""));
        } catch (IllegalArgumentException e) {
            return Optional.of("The status list's encodedList cannot be read: " + e.getMessage());
        }
        if (index.get() >= bits.size()) {
            return Optional.of("The status index " + index.get() + " is beyond the list's " + bits.size() + " bits.");
        }
        if (bits.isSet(index.get())) {
            return Optional.of("The credential's " + purpose + " bit " + index.get() + " is set: it is "
                    + (StatusEntry.REVOCATION.equals(purpose) ? "revoked." : "suspended."));
        }
        return Optional.empty();
    }

    private static Optional<Integer> index(JsonObject entry) {
        String text = JsonValues.string(entry, "statusListIndex")
                .orElseGet(() -> entry.containsKey("statusListIndex") ? entry.get("statusListIndex").toString() : "");
        try {
            int value = Integer.parseInt(text);
            return value >= 0 ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<URI> url(String text) {
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
