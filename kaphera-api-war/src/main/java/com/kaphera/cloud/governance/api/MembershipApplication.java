package com.kaphera.cloud.governance.api;

import com.kaphera.cloud.governance.membership.MembershipInputs;
import com.kaphera.cloud.organisation.Organisation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST /api/v1/organisations/{org}/membership-requests. */
@Schema(name = "MembershipApplication", example = """
        {"dataspace":"rhine-main-automotive","legalEntityId":"BPNL000000000NC1",
         "holderDid":"did:web:wallet.kaphera.example:novak-castings",
         "attestations":[{"documentType":"consortium-agreement","name":"Signed agreement 2026",
           "sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}]}""")
public record MembershipApplication(
        @Schema(description = "The dataspace's slug, as the directory lists it")
        @NotNull @Pattern(regexp = Organisation.SLUG_REGEX, message = "is not a dataspace slug") String dataspace,
        String legalEntityId, String holderDid, List<InputsDocument.AttestationDocument> attestations, List<String> credentials) {

    MembershipInputs inputs() {
        return new InputsDocument(legalEntityId, holderDid, attestations, credentials).toDomain();
    }
}
