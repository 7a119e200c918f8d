package com.kaphera.cloud.governance.credentials;

import com.kaphera.cloud.governance.DataspaceProfile;
import com.kaphera.cloud.governance.credentials.dcp.CredentialVerifier;
import com.kaphera.cloud.governance.credentials.dcp.DidDocument;
import com.kaphera.cloud.governance.credentials.dcp.DidResolver;
import com.kaphera.cloud.governance.credentials.dcp.Verification;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The onboarding step "credential present": among the credentials an applicant presented, one of the
 * required type, issued to the applicant's DID by a trusted issuer, that verifies (signature, expiry,
 * revocation). An issuer the profile pins by key is checked against that key, not its DID document.
 */
@Stateless
public class PresentedCredentials {
    @EJB
    Resolution resolution;

    /** The step's result: passed or not, why in plain language, and the evidence. */
    public record Outcome(boolean passed, String reason, JsonObject evidence) {
    }

    public Outcome check(List<String> presented, String type, String holderDid, List<DataspaceProfile.TrustedIssuer> issuers) {
        if (issuers.isEmpty()) {
            return new Outcome(false, "the profile trusts no issuer for " + type, null);
        }
        Set<String> trusted = issuers.stream().map(DataspaceProfile.TrustedIssuer::did).collect(Collectors.toSet());
        Map<String, DataspaceProfile.TrustedIssuer> pinned = issuers.stream().filter(i -> i.publicKeyJwk() != null)
                .collect(Collectors.toMap(DataspaceProfile.TrustedIssuer::did, Function.identity()));
        JsonArrayBuilder tried = Json.createArrayBuilder();
        Outcome firstFailure = null;
        for (String jwt : presented) {
            Optional<Presented> read = Presented.read(jwt);
            if (read.isEmpty() || !read.get().types().contains(type)) {
                continue;
            }
            Presented c = read.get();
            // Only trusted issuers' documents are fetched (never an address an applicant chose).
            DidResolver resolver = pinned.containsKey(c.issuer()) ? pinnedResolver(pinned.get(c.issuer()), c.keyId())
                    : resolution.dids().onlyFor(trusted::contains);
            Verification v = new CredentialVerifier().verify(jwt, trusted, resolver, resolution.statusLists(), Clock.systemUTC());
            boolean forHolder = holderDid != null && holderDid.equals(c.subject());
            JsonObject evidence = Json.createObjectBuilder().add("credentialId", c.id() == null ? "" : c.id())
                    .add("issuer", String.valueOf(c.issuer())).add("subject", String.valueOf(c.subject())).add("type", type)
                    .add("checks", checks(v)).build();
            if (v.valid() && forHolder) {
                return new Outcome(true, "a valid " + type + " from " + c.issuer() + " was presented", evidence);
            }
            tried.add(evidence);
            if (firstFailure != null) {
                continue; // another candidate may still pass; the first failure is the one explained
            }
            if (!forHolder) {
                firstFailure = new Outcome(false, "the " + type + " presented was issued to " + c.subject() + ", not to the request's "
                        + "holder DID " + holderDid, null);
                continue;
            }
            // An untrusted issuer is the reason to give first (its signature is not even looked at then).
            String failed = v.checks().stream().filter(ch -> !ch.passed())
                    .sorted(java.util.Comparator.comparing(ch -> !Verification.TRUSTED_ISSUER.equals(ch.name())))
                    .map(ch -> ch.name() + ": " + ch.detail()).findFirst().orElse("not valid");
            firstFailure = new Outcome(false, "the " + type + " presented does not verify (" + failed + ")", null);
        }
        if (firstFailure != null) {
            return new Outcome(false, firstFailure.reason(), Json.createObjectBuilder().add("tried", tried).build());
        }
        return new Outcome(false, "no " + type + " was presented: add one (a VC-JWT) to the request's credentials and re-run",
                Json.createObjectBuilder().add("presented", presented.size()).build());
    }

    /**
     * What a presented credential claims, read without trusting it: enough to pick the one of the
     * type the step needs and the key to check it with. {@link CredentialVerifier} does the checking.
     */
    record Presented(String id, String issuer, String subject, String keyId, List<String> types) {
        static Optional<Presented> read(String jwt) {
            try {
                com.nimbusds.jwt.SignedJWT signed = com.nimbusds.jwt.SignedJWT.parse(jwt);
                var claims = signed.getJWTClaimsSet();
                Object vc = claims.getClaim("vc");
                if (!(vc instanceof Map<?, ?> map) || !(map.get("type") instanceof List<?> types)) {
                    return Optional.empty();
                }
                return Optional.of(new Presented(claims.getJWTID(), claims.getIssuer(), claims.getSubject(),
                        signed.getHeader().getKeyID(), types.stream().map(String::valueOf).toList()));
            } catch (java.text.ParseException | RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    private static JsonArrayBuilder checks(Verification v) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        v.checks().forEach(c -> a.add(Json.createObjectBuilder().add("name", c.name()).add("passed", c.passed())
                .add("detail", c.detail())));
        return a;
    }

    /** A DID document holding only the pinned key, under the id the credential names. */
    private static DidResolver pinnedResolver(DataspaceProfile.TrustedIssuer issuer, String kid) {
        return did -> {
            String id = kid == null ? issuer.did() + "#pinned" : kid.startsWith("#") ? issuer.did() + kid
                    : kid.contains("#") ? kid : issuer.did() + "#" + kid;
            return Json.createObjectBuilder().add("id", issuer.did())
                    .add("verificationMethod", Json.createArrayBuilder().add(Json.createObjectBuilder().add("id", id)
                            .add("type", DidDocument.JSON_WEB_KEY_2020).add("controller", issuer.did())
                            .add("publicKeyJwk", issuer.publicKeyJwk())))
                    .build();
        };
    }
}
