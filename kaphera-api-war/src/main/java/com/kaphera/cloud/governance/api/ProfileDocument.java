package com.kaphera.cloud.governance.api;

import com.kaphera.cloud.governance.DataspaceProfile;
import jakarta.json.JsonObject;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A dataspace profile as the API reads and writes it (the domain's {@link DataspaceProfile}, which
 * validates it). Step parameters are free-form here and checked against the step catalogue there.
 */
@Schema(name = "DataspaceProfile", example = """
        {"description":"Automotive supply chain data exchange for the Rhine-Main pilot",
         "useCases":[{"id":"traceability","title":"Part traceability","description":"Batch and serial numbers along the chain"}],
         "identity":{"didMethod":"did:web","credentialTypes":["MembershipCredential"],"trustedIssuers":[]},
         "onboarding":{"steps":[{"type":"legal-entity-id","parameters":{"format":"bpnl","unique":true}},
           {"type":"manual-approval","parameters":{"instructions":"Check the signed consortium agreement"}}],
           "autoApprove":false},
         "credentialValidityDays":365}""")
public record ProfileDocument(
        @Schema(description = "Plain language: what the dataspace is for (max 4000 characters)") String description,
        @Schema(description = "The use cases participants join for") List<UseCase> useCases,
        Identity identity,
        Onboarding onboarding,
        @Schema(description = "How long issued credentials are valid, 1-1825 days (default 365)") Integer credentialValidityDays) {

    @Schema(name = "UseCase")
    public record UseCase(String id, String title, String description) {
    }

    @Schema(name = "IdentityModel")
    public record Identity(
            @Schema(description = "Only did:web is supported") String didMethod,
            @Schema(description = "Credential types every member holds, e.g. MembershipCredential; the dataspace issues them")
            List<String> credentialTypes,
            @Schema(description = "Issuers trusted besides the dataspace's own (always trusted)") List<TrustedIssuer> trustedIssuers) {
    }

    @Schema(name = "TrustedIssuer")
    public record TrustedIssuer(String did, String name,
            @Schema(description = "Optional: the issuer's public key (JWK, EC P-256) pinned instead of resolved from its DID")
            JsonObject publicKeyJwk) {
    }

    @Schema(name = "OnboardingRules")
    public record Onboarding(
            @Schema(description = "Ordered; the step catalogue is in docs/governance.md") List<Step> steps,
            @Schema(description = "Whether a request whose steps all pass automatically is approved without a person") Boolean autoApprove) {
    }

    @Schema(name = "OnboardingStep")
    public record Step(
            @Schema(description = "legal-entity-id | attestation-document | credential-present | manual-approval | four-eyes-approval")
            String type,
            @Schema(description = "The step's parameters (catalogue in docs/governance.md)") JsonObject parameters) {
    }

    DataspaceProfile toDomain() {
        return new DataspaceProfile(description,
                useCases == null ? null : useCases.stream().map(u -> new DataspaceProfile.UseCase(u.id(), u.title(), u.description())).toList(),
                identity == null ? null : new DataspaceProfile.IdentityModel(identity.didMethod(), identity.credentialTypes(),
                        identity.trustedIssuers() == null ? null : identity.trustedIssuers().stream()
                                .map(t -> new DataspaceProfile.TrustedIssuer(t.did(), t.name(), t.publicKeyJwk())).toList()),
                onboarding == null ? null : new DataspaceProfile.OnboardingRules(onboarding.steps() == null ? null
                        : onboarding.steps().stream().map(s -> new DataspaceProfile.OnboardingStep(s.type(), s.parameters())).toList(),
                        onboarding.autoApprove()),
                credentialValidityDays);
    }

    static ProfileDocument of(DataspaceProfile p) {
        return new ProfileDocument(p.description(),
                p.useCases().stream().map(ProfileDocument::useCaseOf).toList(),
                new Identity(p.identity().didMethod(), p.credentialTypes(), p.trustedIssuers().stream()
                        .map(t -> new TrustedIssuer(t.did(), t.name(), t.publicKeyJwk())).toList()),
                new Onboarding(p.steps().stream().map(s -> new Step(s.type(), s.parameters())).toList(), p.autoApprove()),
                p.validityDays());
    }

    /** The use cases, as the directory shows them. */
    public static List<UseCase> useCases(DataspaceProfile p) {
        return p.useCases().stream().map(ProfileDocument::useCaseOf).toList();
    }

    static UseCase useCaseOf(DataspaceProfile.UseCase u) {
        return new UseCase(u.id(), u.title(), u.description());
    }
}
