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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An organisation's custom resources (connectors, wallets, databases, …) over HTTP, with Kubernetes
 * semantics: resourceVersion as ETag, conditional writes, merge patch, label selectors, paging and
 * watch. {@code {type}} is a resource type id ({@code controlplanes.edc.kaphera.io}) or, when
 * unambiguous, its plural, singular or short name. Objects are Kubernetes objects, unchanged except
 * that managedFields are dropped.
 *
 * <p>The {@code org} path parameter is declared by web/openapi/ApiContractFilter (components/parameters/org):
 * the class-level path that holds it sits on the resource, where the scanner does not connect it to
 * this interface's parameters. Every
 * operation of a type in a not onboarded namespace can answer 502, every one can answer 429 (the
 * caller's or the organisation's share of Kubernetes calls). Problem schemas and the answers every
 * operation can give come from web/openapi/ApiContractFilter.
 */
@Produces(MediaType.APPLICATION_JSON)
public interface CustomResourceApi {
    String PROBLEM = "application/problem+json";
    String TAG = "Resources";
    String OBJECT = "A Kubernetes object of the type (see GET /api/v1/resource-types/{type} for its spec schema)";
    String TYPE = "Resource type id (controlplanes.edc.kaphera.io) or, when unambiguous, its plural, singular or short name";
    String NAME = "metadata.name of the resource";
    String SHARE = "More calls in flight than your share or your organisation's; Retry-After set";
    String UPSTREAM = "The cluster refused this server's service account: the organisation's namespace is not onboarded";
    String NOT_FOUND = "No such organisation (or not yours), type or resource";

    @GET
    @Path("{type}")
    @Tag(name = TAG)
    @Operation(operationId = "listResources", summary = "List resources of a type, or watch them",
            description = "Stable order (by name). Pass the returned continue token for the next page. With "
            + "watch=true (or Accept: text/event-stream) the answer is a Server-Sent Events stream instead: event "
            + "ADDED, MODIFIED or DELETED with the object as data and its resourceVersion as id; ERROR with a "
            + "problem as data, after which the stream ends. Without a resume point, current objects come first as "
            + "ADDED. Resume with Last-Event-ID (or resourceVersion). Comments are heartbeats. Open watches are "
            + "bounded per user (429).")
    @APIResponse(responseCode = "200", description = "One page, or the event stream",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ResourceListView.class)),
                    @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING,
                            description = "text/event-stream: events ADDED, MODIFIED, DELETED (data: a KubernetesObject) "
                                    + "and ERROR (data: a Problem)"))})
    @APIResponse(responseCode = "400", description = "Malformed selector, limit, continue token or resourceVersion",
            content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Your role may not read (or watch) resources", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such organisation (or not yours), or no such type", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "410", description = "continue token or resume point expired: list again", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "429", description = SHARE + "; or too many open watches", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "502", description = UPSTREAM, content = @Content(mediaType = PROBLEM))
    ResourceListView list(@PathParam("org") String org,
            @Parameter(description = TYPE) @PathParam("type") String type,
            @Parameter(description = "Kubernetes label selector, e.g. app.kubernetes.io/component=connector")
            @QueryParam("labelSelector") String labelSelector,
            @Parameter(description = "metadata.name=<name> or metadata.name!=<name>")
            @QueryParam("fieldSelector") String fieldSelector,
            @Parameter(description = "Page size, 1-200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "Token from the previous page") @QueryParam("continue") String continueToken);

    /** The same operation as {@link #list} in the description (one path, one method); see its text. */
    @GET
    @Path("{type}")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Tag(name = TAG)
    @Operation(operationId = "listResources")
    @Parameter(name = "watch", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.BOOLEAN),
            description = "true: answer with the event stream whatever Accept says")
    @APIResponse(responseCode = "200", description = "One page, or the event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
    void watch(@PathParam("org") String org,
            @PathParam("type") String type,
            @QueryParam("labelSelector") String labelSelector, @QueryParam("fieldSelector") String fieldSelector,
            @Parameter(description = "Watch: resume after this resourceVersion") @QueryParam("resourceVersion") String resourceVersion,
            @Parameter(description = "Watch: resume after this event id") @HeaderParam("Last-Event-ID") String lastEventId,
            @Context SseEventSink sink, @Context Sse sse);

    @POST
    @Path("{type}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "createResource", summary = "Create a resource", description = "Validated against the "
            + "type's schema before Kubernetes sees it; every field error is listed. status, another namespace and "
            + "kaphera.io/ labels or annotations are refused.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = KubernetesObjectSchema.class)))
    @APIResponse(responseCode = "201", description = OBJECT + "; Location and ETag set",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = KubernetesObjectSchema.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields (all listed)", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Your role may not write resources", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such organisation (or not yours), or no such type", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "A resource with this name exists, or the namespace is being deleted",
            content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "429", description = SHARE, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "502", description = UPSTREAM, content = @Content(mediaType = PROBLEM))
    Response create(@PathParam("org") String org,
            @Parameter(description = TYPE) @PathParam("type") String type, JsonObject body);

    @GET
    @Path("{type}/{name}")
    @Tag(name = TAG)
    @Operation(operationId = "getResource", summary = "Read a resource")
    @APIResponse(responseCode = "200", description = OBJECT + "; ETag is its resourceVersion",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = KubernetesObjectSchema.class)))
    @APIResponse(responseCode = "403", description = "Your role may not read resources", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "429", description = SHARE, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "502", description = UPSTREAM, content = @Content(mediaType = PROBLEM))
    Response get(@PathParam("org") String org,
            @Parameter(description = TYPE) @PathParam("type") String type,
            @Parameter(description = NAME) @PathParam("name") String name);

    @PUT
    @Path("{type}/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "replaceResource", summary = "Replace a resource", description = "Conditional: send "
            + "If-Match (412 when stale) or metadata.resourceVersion (409 when stale); with neither, 428. status may "
            + "be sent back unchanged.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = KubernetesObjectSchema.class)))
    @APIResponse(responseCode = "200", description = OBJECT,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = KubernetesObjectSchema.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields (all listed)", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Your role may not write resources", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Changed since metadata.resourceVersion", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "Changed since If-Match", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "428", description = "No version given", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "429", description = SHARE, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "502", description = UPSTREAM, content = @Content(mediaType = PROBLEM))
    Response replace(@PathParam("org") String org,
            @Parameter(description = TYPE) @PathParam("type") String type,
            @Parameter(description = NAME) @PathParam("name") String name,
            @Parameter(description = "The ETag you read") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, JsonObject body);

    @PATCH
    @Path("{type}/{name}")
    @Consumes(JsonRecordReader.MERGE_PATCH_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "patchResource", summary = "Merge-patch a resource (RFC 7396)", description = "The result "
            + "is validated as a whole. If-Match pins the version (412 when stale); without it the patch applies to "
            + "the current object.")
    @RequestBody(required = true, content = @Content(mediaType = JsonRecordReader.MERGE_PATCH_JSON,
            schema = @Schema(type = SchemaType.OBJECT, additionalProperties = Schema.True.class,
                    description = "A merge patch of the object: absent fields stay, null removes",
                    example = "{\"spec\":{\"replicas\":2}}")))
    @APIResponse(responseCode = "200", description = OBJECT,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = KubernetesObjectSchema.class)))
    @APIResponse(responseCode = "400", description = "The patched object is invalid (all fields listed)", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Your role may not write resources", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Changed concurrently, or a stale metadata.resourceVersion in the patch",
            content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "Changed since If-Match", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "415", description = "Not application/merge-patch+json", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "429", description = SHARE, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "502", description = UPSTREAM, content = @Content(mediaType = PROBLEM))
    Response patch(@PathParam("org") String org,
            @Parameter(description = TYPE) @PathParam("type") String type,
            @Parameter(description = NAME) @PathParam("name") String name,
            @Parameter(description = "The ETag you read") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, JsonObject patch);

    @DELETE
    @Path("{type}/{name}")
    @Tag(name = TAG)
    @Operation(operationId = "deleteResource", summary = "Delete a resource", description = "202 with what is left "
            + "while the operator's finalizers run, 204 once it is gone. If-Match makes the delete conditional.")
    @APIResponse(responseCode = "202", description = OBJECT + " (deletion in progress)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = KubernetesObjectSchema.class)))
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "400", description = "Unknown propagationPolicy", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Your role may not delete resources", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Changed concurrently", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "Changed since If-Match", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "429", description = SHARE, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "502", description = UPSTREAM, content = @Content(mediaType = PROBLEM))
    Response delete(@PathParam("org") String org,
            @Parameter(description = TYPE) @PathParam("type") String type,
            @Parameter(description = NAME) @PathParam("name") String name,
            @Parameter(description = "The ETag you read") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Parameter(description = "Foreground, Background or Orphan") @QueryParam("propagationPolicy") String propagationPolicy);

    /**
     * The shape of every custom resource, for the description only (the server passes JSON objects
     * through): the Kubernetes envelope, with {@code spec} and {@code status} as the type's CRD
     * defines them. Other top-level fields are allowed, as Kubernetes allows them.
     */
    @Schema(name = "KubernetesObject", additionalProperties = Schema.True.class,
            description = "A Kubernetes object; spec and status follow the type's schema (GET /api/v1/resource-types/{type})",
            example = """
            {"apiVersion":"edc.kaphera.io/v1alpha1","kind":"ControlPlane",
             "metadata":{"name":"connector","namespace":"kaphera-oem-frankfurt","resourceVersion":"4711",
                         "generation":1,"creationTimestamp":"2026-11-23T09:00:00Z",
                         "labels":{"app.kubernetes.io/component":"connector"}},
             "spec":{"participantId":"BPNL00000003AYRE","replicas":1},
             "status":{"phase":"Ready","observedGeneration":1}}""")
    record KubernetesObjectSchema(
            @Schema(description = "group/version, e.g. edc.kaphera.io/v1alpha1") String apiVersion,
            @Schema(description = "e.g. ControlPlane") String kind,
            ObjectMetaSchema metadata,
            @Schema(type = SchemaType.OBJECT, additionalProperties = Schema.True.class,
                    description = "Desired state, as the type's schema defines it") Map<String, Object> spec,
            @Schema(type = SchemaType.OBJECT, additionalProperties = Schema.True.class,
                    description = "Observed state, written by the operator only") Map<String, Object> status) {
    }

    /** Kubernetes ObjectMeta, the fields clients use; the others are passed through. */
    @Schema(name = "ObjectMeta", additionalProperties = Schema.True.class)
    record ObjectMetaSchema(
            @Schema(description = "DNS subdomain name, unique per type in the namespace") String name,
            @Schema(description = "The organisation's namespace (set by the server)") String namespace,
            String uid,
            @Schema(description = "Opaque version; also the ETag") String resourceVersion,
            long generation,
            Instant creationTimestamp,
            @Schema(description = "Set once a delete has started") Instant deletionTimestamp,
            Map<String, String> labels,
            Map<String, String> annotations,
            List<String> finalizers) {
    }
}
