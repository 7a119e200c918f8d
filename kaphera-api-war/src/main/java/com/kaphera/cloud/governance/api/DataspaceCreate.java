package com.kaphera.cloud.governance.api;

import com.kaphera.cloud.organisation.Organisation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST /api/v1/dataspaces (platform admins). */
@Schema(name = "DataspaceCreate", example = """
        {"slug":"rhine-main-automotive","displayName":"Rhine-Main Automotive Dataspace","authorityOrganisation":"rhine-main-consortium"}""")
public record DataspaceCreate(
        @Schema(description = "DNS label, immutable; part of the issuer DID", pattern = Organisation.SLUG_REGEX, maxLength = 40)
        @NotNull @Pattern(regexp = Organisation.SLUG_REGEX, message = Organisation.SLUG_RULE) String slug,
        @NotBlank @Size(max = 200) String displayName,
        @Schema(description = "Slug of the governance authority's organisation")
        @NotNull @Pattern(regexp = Organisation.SLUG_REGEX, message = Organisation.SLUG_RULE) String authorityOrganisation) {
}
