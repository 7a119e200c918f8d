package com.kaphera.cloud.join.api;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An organisation's joins: start one (202; it runs in the background, step by step), follow it
 * (JSON or Server-Sent Events), and act when it needs a person. Another organisation's join is 404.
 */
@Produces(MediaType.APPLICATION_JSON)
public interface JoinApi {
    String PROBLEM = "application/problem+json";
    String TAG = "Joins";
    String ORG = "The joining organisation's slug";
    String ID = "The join's id";
    String NOT_YOURS = "No such join in this organisation, or not yours";

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "startJoin", summary = "Join a dataspace: membership, identity, credential, connector",
            description = "Organisation admins. Answers 202 at once with the join's URL; the steps run in the background "
                    + "and are followed with GET or its events. Send an Idempotency-Key: the same key with the same body "
                    + "answers the same join (200), with another body 422.")
    @APIResponse(responseCode = "202", description = "Accepted; Location is the join",
            content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "200", description = "The join this Idempotency-Key started before",
            content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", description = "Invalid body or Idempotency-Key missing", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not an admin of the organisation", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such organisation, or not yours", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "A join for this dataspace exists", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "422", description = "Idempotency-Key used for another body", content = @Content(mediaType = PROBLEM))
    Response start(@Parameter(description = ORG) @PathParam("org") String org,
            @Parameter(description = "Client-chosen key, the same for every retry of this request") @HeaderParam("Idempotency-Key") String key,
            JoinSubmission body);

    @GET
    @Tag(name = TAG)
    @Operation(operationId = "listJoins", summary = "The organisation's joins, newest first")
    @APIResponse(responseCode = "200", description = "One page: items and next", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "404", description = "No such organisation, or not yours", content = @Content(mediaType = PROBLEM))
    JsonObject list(@Parameter(description = ORG) @PathParam("org") String org,
            @Parameter(description = "Page size, 1-200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "Token from the previous page") @QueryParam("continue") String continueToken);

    @GET
    @Path("{id}")
    @Tag(name = TAG)
    @Operation(operationId = "getJoin", summary = "One join: state, steps with timestamps, attempts, errors and plain-language text")
    @APIResponse(responseCode = "200", description = "The join; ETag set", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    Response get(@Parameter(description = ORG) @PathParam("org") String org, @Parameter(description = ID) @PathParam("id") String id);

    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Tag(name = TAG)
    @Operation(operationId = "followJoin", summary = "The join's changes as Server-Sent Events (a live tracker)",
            description = "Every event carries the join as GET shows it; the event id lets a tracker resume with "
                    + "Last-Event-ID without missing anything. The stream ends once the join is final.")
    @APIResponse(responseCode = "200", description = "The event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "Last-Event-ID is not an event id", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "429", description = "Too many trackers open on this server (Retry-After)",
            content = @Content(mediaType = PROBLEM))
    void events(@Parameter(description = ORG) @PathParam("org") String org, @Parameter(description = ID) @PathParam("id") String id,
            @Parameter(description = "Resume after this event id") @HeaderParam("Last-Event-ID") String lastEventId,
            @Context SseEventSink sink, @Context Sse sse);

    @POST
    @Path("{id}/retry")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "retryJoin", summary = "Run the current step again now, with a fresh attempt budget")
    @APIResponse(responseCode = "200", description = "The join", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "403", description = "Not an admin of the organisation", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Nothing to retry", content = @Content(mediaType = PROBLEM))
    JsonObject retry(@Parameter(description = ORG) @PathParam("org") String org, @Parameter(description = ID) @PathParam("id") String id,
            JoinAction body);

    @POST
    @Path("{id}/steps/{step}/skip")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "skipJoinStep", summary = "Mark the current step done by hand, with the reason, and go on")
    @APIResponse(responseCode = "200", description = "The join", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", description = "No reason given", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not an admin of the organisation", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such step, or " + NOT_YOURS, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Not the current step, or the request step", content = @Content(mediaType = PROBLEM))
    JsonObject skip(@Parameter(description = ORG) @PathParam("org") String org, @Parameter(description = ID) @PathParam("id") String id,
            @Parameter(description = "identity, credential, connector or ready") @PathParam("step") String step, JoinAction body);

    @POST
    @Path("{id}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "cancelJoin", summary = "Cancel: delete the connector's resources, withdraw an open request",
            description = "Dedicated managed: also deletes the organisation's wallet resources (PostgresInstance, VaultInstance, "
                    + "IdentityHub) the join created, and with them the identity. Keeps a shared wallet's identity, an "
                    + "approved membership and issued credentials (docs/joins.md).")
    @APIResponse(responseCode = "200", description = "The join", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "403", description = "Not an admin of the organisation", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Succeeded or cancelled already", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "503", description = "Kubernetes unavailable; nothing changed", content = @Content(mediaType = PROBLEM))
    JsonObject cancel(@Parameter(description = ORG) @PathParam("org") String org, @Parameter(description = ID) @PathParam("id") String id,
            JoinAction body);

    @POST
    @Path("{id}/connector")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "reportJoinConnector", summary = "On-premise: your connector runs; here is its DSP endpoint")
    @APIResponse(responseCode = "200", description = "The join", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", description = "Not a URL", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not an admin of the organisation", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Not an on-premise join at its connector step", content = @Content(mediaType = PROBLEM))
    JsonObject reportConnector(@Parameter(description = ORG) @PathParam("org") String org,
            @Parameter(description = ID) @PathParam("id") String id, ConnectorReport body);

    @GET
    @Path("{id}/bundle")
    @Tag(name = TAG)
    @Operation(operationId = "getJoinBundle", summary = "The connector's custom resources as your operators apply them (no secret values)")
    @APIResponse(responseCode = "200", description = "items: the resources", content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    JsonObject bundle(@Parameter(description = ORG) @PathParam("org") String org, @Parameter(description = ID) @PathParam("id") String id);
}
