package com.kaphera.cloud.governance.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An organisation's memberships and discovery: the members of a dataspace it belongs to
 * (organisation, legal-entity id, DID, connector endpoint). Nothing about dataspaces it is not in.
 */
@Produces(MediaType.APPLICATION_JSON)
public interface MembershipApi {
    String PROBLEM = "application/problem+json";
    String TAG = "Membership requests";

    @GET
    @Tag(name = TAG)
    @Operation(operationId = "listMemberships", summary = "The dataspaces the organisation is a member of")
    @APIResponse(responseCode = "200", description = "Its memberships", content = @Content(schema = @Schema(implementation = MemberView.MemberList.class)))
    @APIResponse(responseCode = "404", description = "No such organisation, or not yours", content = @Content(mediaType = PROBLEM))
    MemberView.MemberList memberships(@Parameter(description = "The organisation's slug") @PathParam("org") String org);

    @GET
    @Path("{dataspace}/members")
    @Tag(name = TAG)
    @Operation(operationId = "discoverMembers", summary = "Fellow members of a dataspace the organisation belongs to")
    @APIResponse(responseCode = "200", description = "The members", content = @Content(schema = @Schema(implementation = MemberView.MemberList.class)))
    @APIResponse(responseCode = "404", description = "Not a member of that dataspace (or no such organisation/dataspace)",
            content = @Content(mediaType = PROBLEM))
    MemberView.MemberList members(@Parameter(description = "The organisation's slug") @PathParam("org") String org,
            @Parameter(description = "The dataspace's slug") @PathParam("dataspace") String dataspace);
}
