package com.kaphera.cloud.governance.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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

/** The governance authority's side of membership requests: its queue, approve, reject, re-run. */
@Produces(MediaType.APPLICATION_JSON)
public interface DataspaceRequestApi {
    String PROBLEM = "application/problem+json";
    String TAG = "Governance";
    String DATASPACE = "The dataspace's slug";
    String ID = "The request's id";
    String NOT_YOURS = "No such request in this dataspace, or you hold no governance role in it";

    @GET
    @Tag(name = TAG)
    @Operation(operationId = "listDataspaceRequests", summary = "The dataspace's requests, newest first",
            description = "Filter by state, e.g. state=awaiting-approval for the approval queue.")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(schema = @Schema(implementation = MembershipRequestView.Page.class)))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    MembershipRequestView.Page list(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace,
            @Parameter(description = "submitted, validating, awaiting-approval, approved, rejected or withdrawn") @QueryParam("state") String state,
            @Parameter(description = "Page size, 1-200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "Token from the previous page") @QueryParam("continue") String continueToken);

    @GET
    @Path("{id}")
    @Tag(name = TAG)
    @Operation(operationId = "getDataspaceRequest", summary = "One request, with evidence")
    @APIResponse(responseCode = "200", description = "The request; ETag set", content = @Content(schema = @Schema(implementation = MembershipRequestView.class)))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    Response get(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace,
            @Parameter(description = ID) @PathParam("id") String id);

    @POST
    @Path("{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "approveDataspaceRequest", summary = "Approve the step waiting for a person (or the request)",
            description = "Authority admins. A four-eyes step needs two different admins: the same admin approving twice is 409. "
                    + "Send If-Match with the request's ETag to approve what you read.")
    @APIResponse(responseCode = "200", description = "The request", content = @Content(schema = @Schema(implementation = MembershipRequestView.class)))
    @APIResponse(responseCode = "403", description = "An authority viewer, not an admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Not awaiting approval, or already approved by you", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "Changed since you read it", content = @Content(mediaType = PROBLEM))
    Response approve(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace,
            @Parameter(description = ID) @PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            Decision body);

    @POST
    @Path("{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "rejectDataspaceRequest", summary = "Reject an open request, with the reason")
    @APIResponse(responseCode = "200", description = "Rejected", content = @Content(schema = @Schema(implementation = MembershipRequestView.class)))
    @APIResponse(responseCode = "403", description = "An authority viewer, not an admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "The request is final", content = @Content(mediaType = PROBLEM))
    MembershipRequestView reject(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace,
            @Parameter(description = ID) @PathParam("id") String id, Decision body);

    @POST
    @Path("{id}/steps/{position}/rerun")
    @Tag(name = TAG)
    @Operation(operationId = "rerunDataspaceRequestStep", summary = "Run one step again (positions count from 1)")
    @APIResponse(responseCode = "400", description = "Not a step position", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "200", description = "The request", content = @Content(schema = @Schema(implementation = MembershipRequestView.class)))
    @APIResponse(responseCode = "403", description = "An authority viewer, not an admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such step, or " + NOT_YOURS, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "The request is final", content = @Content(mediaType = PROBLEM))
    MembershipRequestView rerun(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace,
            @Parameter(description = ID) @PathParam("id") String id,
            @Parameter(description = "Step position, from 1") @PathParam("position") String position);
}
