package com.kaphera.cloud.organisation.api;

import com.kaphera.cloud.organisation.NewOrganisation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST /api/v1/organisations. The namespace is derived, never supplied. */
@Schema(name = "OrganisationCreate", example = """
        {"slug":"tier1-gmbh","displayName":"Tier-1 Components GmbH","legalEntityId":"BPNL00000003AYRE"}""")
public record OrganisationCreate(
        @Schema(description = "DNS label, immutable and never reused", pattern = SLUG, maxLength = 40)
        @NotNull @Pattern(regexp = SLUG, message = "must be a DNS label: 1-40 lower-case letters, digits or '-', "
                + "starting with a letter and not ending with '-'") String slug,
        @NotBlank @Size(max = 200) String displayName,
        @Schema(description = "Legal entity identifier, e.g. a Catena-X BPNL") @Size(max = 64) String legalEntityId) {

    static final String SLUG = "^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$";

    NewOrganisation toCommand() {
        return new NewOrganisation(slug, displayName, legalEntityId);
    }
}
