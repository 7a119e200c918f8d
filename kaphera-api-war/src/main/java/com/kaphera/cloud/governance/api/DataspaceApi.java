package com.kaphera.cloud.governance.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A dataspace's governance over HTTP: setting it up (platform admins), its versioned profile and its
 * members (the governance authority: {@code /dataspaces/{dataspace}/authority-admin} and
 * {@code authority-viewer} groups). Anyone else gets 404: the directory is the public view.
 */
@Produces(MediaType.APPLICATION_JSON)
public interface DataspaceApi {
    String PROBLEM = "application/problem+json";
    String TAG = "Governance";
    String DATASPACE = "The dataspace's slug";
    String NOT_YOURS = "No such dataspace, or you hold no governance role in it";

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "createDataspace", summary = "Set up a dataspace for a governance authority",
            description = "Platform admins. Creates the dataspace's credential issuer (did:web, first signing key). "
                    + "The authority then drafts and publishes its profile. With remote instead of authorityOrganisation: "
                    + "registers a dataspace governed by another Kaphera platform (a configured remote authority), so that "
                    + "joins can name it; its issuer DID and credential types are read from that platform's directory.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = DataspaceView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields; remote: an authority not configured or refusing our "
            + "account, a dataspace not in its directory", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "503", description = "remote: the remote platform does not answer", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not a platform admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Slug taken", content = @Content(mediaType = PROBLEM))
    Response create(DataspaceCreate body);

    @GET
    @Path("{dataspace}")
    @Tag(name = TAG)
    @Operation(operationId = "getDataspace", summary = "Read a dataspace (governance view)")
    @APIResponse(responseCode = "200", description = "The dataspace", content = @Content(schema = @Schema(implementation = DataspaceView.class)))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    DataspaceView get(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace);

    @GET
    @Path("{dataspace}/profile/versions")
    @Tag(name = TAG)
    @Operation(operationId = "listProfileVersions", summary = "Every version of the profile, newest first")
    @APIResponse(responseCode = "200", description = "The versions", content = @Content(schema = @Schema(implementation = ProfileVersionList.class)))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    ProfileVersionList versions(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace);

    @GET
    @Path("{dataspace}/profile/versions/{number}")
    @Tag(name = TAG)
    @Operation(operationId = "getProfileVersion", summary = "One version of the profile")
    @APIResponse(responseCode = "400", description = "Not a version number", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "200", description = "The version; ETag set", content = @Content(schema = @Schema(implementation = ProfileVersionView.class)))
    @APIResponse(responseCode = "404", description = "No such version, or " + NOT_YOURS, content = @Content(mediaType = PROBLEM))
    Response version(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace,
            @Parameter(description = "Version number") @PathParam("number") String number);

    @PUT
    @Path("{dataspace}/profile/draft")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "saveProfileDraft", summary = "Write the draft profile",
            description = "Authority admins. Replaces the open draft, or starts one after the newest version: editing a "
                    + "published profile never changes what members joined under. The whole profile is validated; every "
                    + "problem is listed with its field (unknown step, bad parameters, duplicate credential type, trusted "
                    + "issuer whose DID or key does not parse). Send If-Match with the draft's ETag to replace it safely.")
    @APIResponse(responseCode = "200", description = "The draft; ETag set", content = @Content(schema = @Schema(implementation = ProfileVersionView.class)))
    @APIResponse(responseCode = "403", description = "An authority viewer, not an admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "A dataspace governed on another platform (its profile is kept there)", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "The draft changed since you read it", content = @Content(mediaType = PROBLEM))
    Response saveDraft(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, ProfileDocument profile);

    @DELETE
    @Path("{dataspace}/profile/draft")
    @Tag(name = TAG)
    @Operation(operationId = "discardProfileDraft", summary = "Discard the draft")
    @APIResponse(responseCode = "204", description = "Discarded")
    @APIResponse(responseCode = "403", description = "An authority viewer, not an admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No draft, or " + NOT_YOURS, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "A dataspace governed on another platform (its profile is kept there)", content = @Content(mediaType = PROBLEM))
    Response discardDraft(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace);

    @POST
    @Path("{dataspace}/profile/draft/publish")
    @Tag(name = TAG)
    @Operation(operationId = "publishProfileDraft", summary = "Publish the draft",
            description = "The previously published version is deprecated; its members stay bound to it until migrated. "
                    + "New requests are checked against the published version.")
    @APIResponse(responseCode = "200", description = "The published version", content = @Content(schema = @Schema(implementation = ProfileVersionView.class)))
    @APIResponse(responseCode = "403", description = "An authority viewer, not an admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "No draft to publish, or a dataspace governed on another platform", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "The draft changed since you read it", content = @Content(mediaType = PROBLEM))
    Response publish(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch);

    @POST
    @Path("{dataspace}/profile/versions/{number}/deprecate")
    @Tag(name = TAG)
    @Operation(operationId = "deprecateProfileVersion", summary = "Deprecate the published version without a successor",
            description = "The dataspace leaves the directory and takes no new requests until a version is published.")
    @APIResponse(responseCode = "400", description = "Not a version number", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "200", description = "Deprecated", content = @Content(schema = @Schema(implementation = ProfileVersionView.class)))
    @APIResponse(responseCode = "403", description = "An authority viewer, not an admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such version, or " + NOT_YOURS, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "That version is not the published one, or a dataspace governed on another platform", content = @Content(mediaType = PROBLEM))
    ProfileVersionView deprecate(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace,
            @Parameter(description = "Version number") @PathParam("number") String number);

    @GET
    @Path("{dataspace}/members")
    @Tag(name = TAG)
    @Operation(operationId = "listDataspaceMembers", summary = "The dataspace's members (governance view)")
    @APIResponse(responseCode = "200", description = "The members", content = @Content(schema = @Schema(implementation = MemberView.MemberList.class)))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    MemberView.MemberList members(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace);

    @POST
    @Path("{dataspace}/members/{member}/migrate")
    @Tag(name = TAG)
    @Operation(operationId = "migrateDataspaceMember", summary = "Bind a member to the published profile version")
    @APIResponse(responseCode = "200", description = "The member", content = @Content(schema = @Schema(implementation = MemberView.class)))
    @APIResponse(responseCode = "403", description = "An authority viewer, not an admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such member, or " + NOT_YOURS, content = @Content(mediaType = PROBLEM))
    MemberView migrate(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace,
            @Parameter(description = "The member organisation's slug") @PathParam("member") String member);
}
