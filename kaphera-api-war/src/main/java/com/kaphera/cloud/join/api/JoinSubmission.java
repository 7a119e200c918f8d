package com.kaphera.cloud.join.api;

import com.kaphera.cloud.governance.api.InputsDocument;
import com.kaphera.cloud.join.JoinRequest;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST /api/v1/organisations/{org}/joins. */
@Schema(name = "JoinSubmission", example = """
        {"dataspace":"automotive-dataspace","deploymentModel":"shared-managed","legalEntityId":"BPNL000000000NC1",
         "attestations":[{"documentType":"consortium-agreement","name":"Signed agreement 2026",
           "sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}]}""")
public record JoinSubmission(
        @Schema(description = "The dataspace's slug, as the directory lists it") String dataspace,
        @Schema(description = "shared-managed, dedicated-managed or on-premise") String deploymentModel,
        @Schema(description = "Defaults to the organisation's") String legalEntityId,
        @Schema(description = "On-premise only: the DID your own wallet holds") String holderDid,
        List<InputsDocument.AttestationDocument> attestations,
        @Schema(description = "VC-JWTs the profile's credential-present steps ask for") List<String> credentials) {

    JoinRequest toDomain() {
        return new JoinRequest(dataspace, deploymentModel,
                new InputsDocument(legalEntityId, holderDid, attestations, credentials).toDomain());
    }
}
