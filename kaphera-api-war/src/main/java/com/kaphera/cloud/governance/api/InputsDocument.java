package com.kaphera.cloud.governance.api;

import com.kaphera.cloud.governance.membership.MembershipInputs;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of PUT …/membership-requests/{id}/inputs: what the applicant brings, replaced as a whole. */
@Schema(name = "MembershipInputs")
public record InputsDocument(
        @Schema(description = "Legal-entity identifier, e.g. a BPNL") String legalEntityId,
        @Schema(description = "The participant's DID (did:web), which credentials are issued to") String holderDid,
        List<AttestationDocument> attestations,
        @Schema(description = "Credentials presented for credential-present steps, as VC-JWTs") List<String> credentials) {

    public MembershipInputs toDomain() {
        return new MembershipInputs(legalEntityId, holderDid, attestations == null ? null
                : attestations.stream().map(AttestationDocument::toDomain).toList(), credentials);
    }

    /** A document the applicant declares; the document stays with them, its digest is the evidence. */
    @Schema(name = "Attestation", example = """
            {"documentType":"consortium-agreement","name":"Signed agreement 2026",
             "sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}""")
    public record AttestationDocument(String documentType, String name,
            @Schema(description = "SHA-256 of the document, 64 lower-case hex digits") String sha256,
            @Schema(description = "Where the authority can fetch it (optional)") String url) {

        MembershipInputs.Attestation toDomain() {
            return new MembershipInputs.Attestation(documentType, name, sha256, url);
        }

        static AttestationDocument of(MembershipInputs.Attestation a) {
            return new AttestationDocument(a.documentType(), a.name(), a.sha256(), a.url());
        }
    }
}
