package com.kaphera.cloud.governance.api;

import com.kaphera.cloud.organisation.Organisation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of POST /api/v1/dataspaces (platform admins): a dataspace governed here (authorityOrganisation),
 * or one governed by another Kaphera platform (remote), registered so that joins can name it.
 */
@Schema(name = "DataspaceCreate", example = """
        {"slug":"rhine-main-automotive","displayName":"Rhine-Main Automotive Dataspace","authorityOrganisation":"rhine-main-consortium"}""")
public record DataspaceCreate(
        @Schema(description = "DNS label, immutable; part of the issuer DID", pattern = Organisation.SLUG_REGEX, maxLength = 40)
        @NotNull @Pattern(regexp = Organisation.SLUG_REGEX, message = Organisation.SLUG_RULE) String slug,
        @Schema(description = "Required for a dataspace governed here; for a remote one, the remote directory's name if left out")
        @Size(min = 1, max = 200) String displayName,
        @Schema(description = "Slug of the governance authority's organisation (a dataspace governed here)")
        @Pattern(regexp = Organisation.SLUG_REGEX, message = Organisation.SLUG_RULE) String authorityOrganisation,
        @Schema(description = "A dataspace governed by another Kaphera platform (instead of authorityOrganisation)")
        @Valid Remote remote) {

    /** Which configured remote authority governs the dataspace, and its slug there. */
    @Schema(name = "RemoteDataspace", example = """
            {"authority":"rhine-main-platform","slug":"rhine-main-automotive"}""")
    public record Remote(
            @Schema(description = "The name of a remote authority configured under kaphera.authorities.<name>.*")
            @NotNull @Pattern(regexp = "[a-z][a-z0-9-]{0,38}[a-z0-9]|[a-z]", message = "is not an authority name") String authority,
            @Schema(description = "The dataspace's slug in that platform's directory")
            @NotNull @Pattern(regexp = Organisation.SLUG_REGEX, message = Organisation.SLUG_RULE) String slug) {
    }
}
