package com.kaphera.cloud.governance.api;

import com.kaphera.cloud.governance.Dataspace;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A dataspace as its governance authority sees it. */
@Schema(name = "Dataspace")
public record DataspaceView(String slug, String displayName,
        @Schema(description = "Absent for a dataspace governed on another platform (see remote)") String authorityOrganisation,
        int memberCount,
        @Schema(description = "The dataspace's credential issuer (did:web; served by this server, or by the remote platform)") String issuerDid,
        @Schema(description = "Number of the published profile version; absent when none is") Integer publishedVersion,
        @Schema(description = "Number of the open draft; absent when none is") Integer draftVersion,
        Instant createdAt,
        @Schema(description = "Present for a dataspace governed on another platform: which configured authority, its slug there")
        DataspaceCreate.Remote remote) {

    static DataspaceView of(Dataspace d, String issuerDid, Integer published, Integer draft) {
        return new DataspaceView(d.slug(), d.displayName(), d.isRemote() ? null : d.authorityOrganisation(), d.memberCount(),
                issuerDid, published, draft, d.createdAt(), d.isRemote() ? new DataspaceCreate.Remote(d.remoteAuthority(),
                        d.remoteSlug()) : null);
    }
}
