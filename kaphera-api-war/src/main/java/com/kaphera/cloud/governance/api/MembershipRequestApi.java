package com.kaphera.cloud.governance.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
 * The applicant's side of membership requests: an organisation's admins apply to a dataspace, change
 * the request's inputs, re-run a step and withdraw; its viewers follow along. Another organisation's
 * request is 404.
 */
@Produces(MediaType.APPLICATION_JSON)
public interface MembershipRequestApi {
    String PROBLEM = "application/problem+json";
    String TAG = "Membership requests";
    String ORG = "The applicant organisation's slug";
    String ID = "The request's id";
    String NOT_YOURS = "No such request in this organisation, or not yours";

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "applyForMembership", summary = "Ask to join a dataspace",
            description = "Organisation admins. The request is checked at once against the published profile's "
                    + "automatic steps; steps needing a person queue for the governance authority.")
    @APIResponse(responseCode = "201", description = "Submitted, with its steps' first results",
            content = @Content(schema = @Schema(implementation = MembershipRequestView.class)))
    @APIResponse(responseCode = "403", description = "Not an admin of the organisation", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such organisation, or not yours", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Already a member, or a request is open", content = @Content(mediaType = PROBLEM))
    Response apply(@Parameter(description = ORG) @PathParam("org") String org, MembershipApplication body);

    @GET
    @Tag(name = TAG)
    @Operation(operationId = "listMembershipRequests", summary = "The organisation's requests, newest first")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(schema = @Schema(implementation = MembershipRequestView.Page.class)))
    @APIResponse(responseCode = "404", description = "No such organisation, or not yours", content = @Content(mediaType = PROBLEM))
    MembershipRequestView.Page list(@Parameter(description = ORG) @PathParam("org") String org,
            @Parameter(description = "Page size, 1-200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "Token from the previous page") @QueryParam("continue") String continueToken);

    @GET
    @Path("{id}")
    @Tag(name = TAG)
    @Operation(operationId = "getMembershipRequest", summary = "One request: steps, evidence, history and next actions")
    @APIResponse(responseCode = "200", description = "The request; ETag set", content = @Content(schema = @Schema(implementation = MembershipRequestView.class)))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    Response get(@Parameter(description = ORG) @PathParam("org") String org, @Parameter(description = ID) @PathParam("id") String id);

    @PUT
    @Path("{id}/inputs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "changeMembershipInputs", summary = "Replace the request's inputs; every step runs again",
            description = "Approvals given for the old inputs are reset. Send If-Match with the request's ETag.")
    @APIResponse(responseCode = "200", description = "The request", content = @Content(schema = @Schema(implementation = MembershipRequestView.class)))
    @APIResponse(responseCode = "403", description = "Not an admin of the organisation", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "The request is final", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "Changed since you read it", content = @Content(mediaType = PROBLEM))
    Response changeInputs(@Parameter(description = ORG) @PathParam("org") String org,
            @Parameter(description = ID) @PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            InputsDocument inputs);

    @POST
    @Path("{id}/steps/{position}/rerun")
    @Tag(name = TAG)
    @Operation(operationId = "rerunMembershipStep", summary = "Run one step again (positions count from 1)")
    @APIResponse(responseCode = "400", description = "Not a step position", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "200", description = "The request", content = @Content(schema = @Schema(implementation = MembershipRequestView.class)))
    @APIResponse(responseCode = "403", description = "Not an admin of the organisation", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such step, or " + NOT_YOURS, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "The request is final", content = @Content(mediaType = PROBLEM))
    MembershipRequestView rerun(@Parameter(description = ORG) @PathParam("org") String org,
            @Parameter(description = ID) @PathParam("id") String id,
            @Parameter(description = "Step position, from 1") @PathParam("position") String position);

    @POST
    @Path("{id}/withdraw")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "withdrawMembershipRequest", summary = "Withdraw an open request")
    @APIResponse(responseCode = "200", description = "Withdrawn", content = @Content(schema = @Schema(implementation = MembershipRequestView.class)))
    @APIResponse(responseCode = "403", description = "Not an admin of the organisation", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "The request is final", content = @Content(mediaType = PROBLEM))
    MembershipRequestView withdraw(@Parameter(description = ORG) @PathParam("org") String org,
            @Parameter(description = ID) @PathParam("id") String id, Decision body);
}
