package com.kaphera.cloud.organisation.api;

import com.kaphera.cloud.web.json.JsonRecordReader;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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
 * The organisation registry over HTTP: contract and documentation. The class-level {@code @Path}
 * sits on the resource, so JAX-RS reports the resource (with its access rules) as the matched class.
 * Tags go on each method (a tag on the interface is not carried to the operations). Problem answers
 * name their status and meaning here; their schema, and the answers every operation can give (401,
 * 406, 500, 503; 400/413/415 with a body), come from web/openapi/ApiContractFilter.
 */
@Produces(MediaType.APPLICATION_JSON)
public interface OrganisationApi {
    String PROBLEM = "application/problem+json";
    String TAG = "Organisations";
    String ORG = "The organisation's slug";

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "createOrganisation", summary = "Register an organisation", description = "Platform admins only. The namespace is derived "
            + "from the slug. Slugs are never reused, not even after a delete.")
    @APIResponse(responseCode = "201", description = "Registered; Location and ETag set",
            content = @Content(schema = @Schema(implementation = OrganisationView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields (all listed)", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not a platform admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Slug or namespace taken, or the customer account does not exist",
            content = @Content(mediaType = PROBLEM))
    Response create(OrganisationCreate body);

    @GET
    @Tag(name = TAG)
    @Operation(operationId = "listOrganisations", summary = "List the organisations the caller can see", description = "Slug order. Platform staff see "
            + "all; everyone else sees their own. Pass the returned continue token to get the next page.")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(schema = @Schema(implementation = OrganisationList.class)))
    OrganisationList list(
            @Parameter(description = "Page size, 1-200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "Token from the previous page") @QueryParam("continue") String continueToken);

    @GET
    @Path("{org}")
    @Tag(name = TAG)
    @Operation(operationId = "getOrganisation", summary = "Read one organisation", description = "Members of the organisation and platform staff.")
    @APIResponse(responseCode = "200", description = "The organisation; ETag set",
            content = @Content(schema = @Schema(implementation = OrganisationView.class)))
    @APIResponse(responseCode = "404", description = "No such organisation, or not yours", content = @Content(mediaType = PROBLEM))
    Response get(@Parameter(description = ORG) @PathParam("org") String org);

    @PATCH
    @Path("{org}")
    @Consumes(JsonRecordReader.MERGE_PATCH_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "updateOrganisation", summary = "Change display data (JSON merge patch)", description = "Organisation admins and platform "
            + "admins. Send If-Match with the ETag you read to avoid overwriting someone else's change.")
    @APIResponse(responseCode = "200", description = "Changed; new ETag",
            content = @Content(schema = @Schema(implementation = OrganisationView.class)))
    @APIResponse(responseCode = "403", description = "Not an admin of the organisation, or a customer account change "
            + "by someone other than a platform admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such organisation, or not yours", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Changed concurrently, or no such customer account",
            content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "If-Match is stale", content = @Content(mediaType = PROBLEM))
    Response update(@Parameter(description = ORG) @PathParam("org") String org,
            @Parameter(description = "The ETag you read") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid OrganisationPatch patch);

    @DELETE
    @Path("{org}")
    @Tag(name = TAG)
    @Operation(operationId = "deleteOrganisation", summary = "Delete an organisation (soft)", description = "Platform admins only. The slug and "
            + "namespace stay reserved.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "Not a platform admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such organisation", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "If-Match is stale", content = @Content(mediaType = PROBLEM))
    Response delete(@Parameter(description = ORG) @PathParam("org") String org,
            @Parameter(description = "The ETag you read") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch);
}
