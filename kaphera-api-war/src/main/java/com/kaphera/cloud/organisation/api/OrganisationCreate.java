package com.kaphera.cloud.organisation.api;

import com.kaphera.cloud.organisation.NewOrganisation;
import com.kaphera.cloud.organisation.Organisation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST /api/v1/organisations. The namespace is derived, never supplied. */
@Schema(name = "OrganisationCreate", example = """
        {"slug":"tier1-gmbh","displayName":"Tier-1 Components GmbH","legalEntityId":"BPNL00000003AYRE"}""")
public record OrganisationCreate(
        @Schema(description = "DNS label, immutable and never reused", pattern = Organisation.SLUG_REGEX,
                maxLength = 40)
        @NotNull @Pattern(regexp = Organisation.SLUG_REGEX, message = Organisation.SLUG_RULE) String slug,
        @NotBlank @Size(max = 200) String displayName,
        @Schema(description = "Legal entity identifier, e.g. a Catena-X BPNL") @Size(max = 64) String legalEntityId,
        @Schema(description = "Slug of the customer account it belongs to (optional)") @Size(max = 40) String customerAccount) {

    NewOrganisation toCommand() {
        return new NewOrganisation(slug, displayName, legalEntityId, customerAccount);
    }
}
