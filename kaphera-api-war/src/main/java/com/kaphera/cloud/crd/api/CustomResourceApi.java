package com.kaphera.cloud.crd.api;

import com.kaphera.cloud.web.json.JsonRecordReader;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An organisation's custom resources (connectors, wallets, databases, …) over HTTP, with Kubernetes
 * semantics: resourceVersion as ETag, conditional writes, merge patch, label selectors, paging and
 * watch. {@code {type}} is a resource type id ({@code controlplanes.edc.kaphera.io}) or, when
 * unambiguous, its plural, singular or short name. Objects are Kubernetes objects, unchanged except
 * that managedFields are dropped.
 */
@Tag(name = "Resources", description = "Custom resources of the Kaphera operators, in the organisation's namespace")
@Produces(MediaType.APPLICATION_JSON)
public interface CustomResourceApi {
    String PROBLEM = "application/problem+json";
    String OBJECT = "A Kubernetes object of the type (see GET /api/v1/resource-types for its schema)";
    String ORG = "The organisation's slug; its namespace holds the resources";

    @GET
    @Path("{type}")
    @Parameter(name = "org", in = ParameterIn.PATH, required = true, description = ORG)
    @APIResponse(responseCode = "429", description = "More calls in flight than your share or your organisation's; Retry-After set", content = @Content(mediaType = PROBLEM))
    @Operation(summary = "List resources of a type", description = "Stable order (by name). Pass the returned "
            + "continue token for the next page. With watch=true (or Accept: text/event-stream) the answer is a "
            + "Server-Sent Events stream instead.")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(schema = @Schema(implementation = ResourceListView.class)))
    @APIResponse(responseCode = "400", description = "Malformed selector or limit", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such organisation or type", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "410", description = "continue token expired: list again", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "503", description = "Kubernetes API unavailable; Retry-After set", content = @Content(mediaType = PROBLEM))
    ResourceListView list(@PathParam("org") String org, @PathParam("type") String type,
            @Parameter(description = "Kubernetes label selector, e.g. app.kubernetes.io/component=connector")
            @QueryParam("labelSelector") String labelSelector,
            @Parameter(description = "metadata.name=<name> or metadata.name!=<name>")
            @QueryParam("fieldSelector") String fieldSelector,
            @Parameter(description = "Page size, 1-200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "Token from the previous page") @QueryParam("continue") String continueToken);

    @GET
    @Path("{type}")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Parameter(name = "org", in = ParameterIn.PATH, required = true, description = ORG)
    @Operation(summary = "Watch resources of a type", description = "Server-Sent Events: event ADDED, MODIFIED or "
            + "DELETED with the object as data and its resourceVersion as id; ERROR with a problem as data, after "
            + "which the stream ends. Without a resume point, current objects come first as ADDED. Resume with "
            + "Last-Event-ID (or resourceVersion). Comments are heartbeats. Bounded per user (429).")
    @APIResponse(responseCode = "200", description = "The event stream", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS))
    @APIResponse(responseCode = "429", description = "Too many open watches; Retry-After set", content = @Content(mediaType = PROBLEM))
    void watch(@PathParam("org") String org, @PathParam("type") String type,
            @QueryParam("labelSelector") String labelSelector, @QueryParam("fieldSelector") String fieldSelector,
            @Parameter(description = "Resume after this resourceVersion") @QueryParam("resourceVersion") String resourceVersion,
            @HeaderParam("Last-Event-ID") String lastEventId,
            @Context SseEventSink sink, @Context Sse sse);

    @POST
    @Path("{type}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Parameter(name = "org", in = ParameterIn.PATH, required = true, description = ORG)
    @APIResponse(responseCode = "429", description = "More calls in flight than your share or your organisation's; Retry-After set", content = @Content(mediaType = PROBLEM))
    @Operation(summary = "Create a resource", description = "Validated against the type's schema before Kubernetes "
            + "sees it; every field error is listed. status, another namespace and kaphera.io/ labels or "
            + "annotations are refused.")
    @APIResponse(responseCode = "201", description = OBJECT + "; Location and ETag set")
    @APIResponse(responseCode = "400", description = "Invalid fields (all listed)", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "A resource with this name exists", content = @Content(mediaType = PROBLEM))
    Response create(@PathParam("org") String org, @PathParam("type") String type, JsonObject body);

    @GET
    @Path("{type}/{name}")
    @Parameter(name = "org", in = ParameterIn.PATH, required = true, description = ORG)
    @APIResponse(responseCode = "429", description = "More calls in flight than your share or your organisation's; Retry-After set", content = @Content(mediaType = PROBLEM))
    @Operation(summary = "Read a resource")
    @APIResponse(responseCode = "200", description = OBJECT + "; ETag is its resourceVersion")
    @APIResponse(responseCode = "404", description = "No such resource", content = @Content(mediaType = PROBLEM))
    Response get(@PathParam("org") String org, @PathParam("type") String type, @PathParam("name") String name);

    @PUT
    @Path("{type}/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Parameter(name = "org", in = ParameterIn.PATH, required = true, description = ORG)
    @APIResponse(responseCode = "429", description = "More calls in flight than your share or your organisation's; Retry-After set", content = @Content(mediaType = PROBLEM))
    @Operation(summary = "Replace a resource", description = "Conditional: send If-Match (412 when stale) or "
            + "metadata.resourceVersion (409 when stale); with neither, 428. status may be sent back unchanged.")
    @APIResponse(responseCode = "200", description = OBJECT)
    @APIResponse(responseCode = "409", description = "Changed since metadata.resourceVersion", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "Changed since If-Match", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "428", description = "No version given", content = @Content(mediaType = PROBLEM))
    Response replace(@PathParam("org") String org, @PathParam("type") String type, @PathParam("name") String name,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, JsonObject body);

    @PATCH
    @Path("{type}/{name}")
    @Consumes(JsonRecordReader.MERGE_PATCH_JSON)
    @Parameter(name = "org", in = ParameterIn.PATH, required = true, description = ORG)
    @APIResponse(responseCode = "429", description = "More calls in flight than your share or your organisation's; Retry-After set", content = @Content(mediaType = PROBLEM))
    @Operation(summary = "Merge-patch a resource (RFC 7396)", description = "The result is validated as a whole. "
            + "If-Match pins the version (412 when stale); without it the patch applies to the current object.")
    @APIResponse(responseCode = "200", description = OBJECT)
    @APIResponse(responseCode = "412", description = "Changed since If-Match", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "415", description = "Not application/merge-patch+json", content = @Content(mediaType = PROBLEM))
    Response patch(@PathParam("org") String org, @PathParam("type") String type, @PathParam("name") String name,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, JsonObject patch);

    @DELETE
    @Path("{type}/{name}")
    @Parameter(name = "org", in = ParameterIn.PATH, required = true, description = ORG)
    @APIResponse(responseCode = "429", description = "More calls in flight than your share or your organisation's; Retry-After set", content = @Content(mediaType = PROBLEM))
    @Operation(summary = "Delete a resource", description = "202 with what is left while the operator's finalizers "
            + "run, 204 once it is gone. If-Match makes the delete conditional.")
    @APIResponse(responseCode = "202", description = OBJECT + " (deletion in progress)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "412", description = "Changed since If-Match", content = @Content(mediaType = PROBLEM))
    Response delete(@PathParam("org") String org, @PathParam("type") String type, @PathParam("name") String name,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Parameter(description = "Foreground, Background or Orphan") @QueryParam("propagationPolicy") String propagationPolicy);
}
