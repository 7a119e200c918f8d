package com.kaphera.cloud.join.api;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The governance authority's view of joins into its dataspace: read them, and retry or skip a step to help. */
@Produces(MediaType.APPLICATION_JSON)
public interface DataspaceJoinApi {
    String PROBLEM = "application/problem+json";
    String TAG = "Joins";
    String DATASPACE = "The dataspace's slug";
    String ID = "The join's id";
    String NOT_HERE = "No such join into this dataspace, or no governance role in it";

    @GET
    @Tag(name = TAG)
    @Operation(operationId = "listDataspaceJoins", summary = "Joins into the dataspace, newest first (authority viewers)")
    @APIResponse(responseCode = "200", description = "One page: items and next", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "404", description = "No such dataspace, or no governance role in it", content = @Content(mediaType = PROBLEM))
    JsonObject list(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace,
            @Parameter(description = "Page size, 1-200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "Token from the previous page") @QueryParam("continue") String continueToken);

    @GET
    @Path("{id}")
    @Tag(name = TAG)
    @Operation(operationId = "getDataspaceJoin", summary = "One join into the dataspace")
    @APIResponse(responseCode = "200", description = "The join", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "404", description = NOT_HERE, content = @Content(mediaType = PROBLEM))
    JsonObject get(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace,
            @Parameter(description = ID) @PathParam("id") String id);

    @POST
    @Path("{id}/retry")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "retryDataspaceJoin", summary = "Run the join's current step again (authority admins)")
    @APIResponse(responseCode = "200", description = "The join", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "403", description = "An authority viewer", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = NOT_HERE, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Nothing to retry", content = @Content(mediaType = PROBLEM))
    JsonObject retry(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace,
            @Parameter(description = ID) @PathParam("id") String id, JoinAction body);

    @POST
    @Path("{id}/steps/{step}/skip")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "skipDataspaceJoinStep", summary = "Mark the join's current step done by hand (authority admins)")
    @APIResponse(responseCode = "200", description = "The join", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", description = "No reason given", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "An authority viewer", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such step, or " + NOT_HERE, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Not the current step, or the request step", content = @Content(mediaType = PROBLEM))
    JsonObject skip(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace,
            @Parameter(description = ID) @PathParam("id") String id,
            @Parameter(description = "identity, credential, connector or ready") @PathParam("step") String step, JoinAction body);
}
