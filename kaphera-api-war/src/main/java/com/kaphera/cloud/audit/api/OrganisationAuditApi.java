package com.kaphera.cloud.audit.api;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An organisation's audit log over HTTP: read, verify, export, checkpoint. Nothing writes entries
 * through here. The class-level {@code @Path} sits on the resource. docs/api/audit.md is the guide.
 * Each operation carries its own {@code @Tag}: the interface-level one was not applied to every
 * operation in every build (OpenApiDocumentIT caught it).
 */
@Tag(name = "Audit")
@Produces(MediaType.APPLICATION_JSON)
public interface OrganisationAuditApi {
    String PROBLEM = "application/problem+json";

    @GET
    @Tag(name = "Audit")
    @Operation(operationId = "listAuditEntries", summary = "Read an organisation's audit log",
            description = "Newest first, with filters. Members of the organisation (viewers included) and platform support.")
    @APIResponse(responseCode = "200", description = "One page: items (entries, newest first) and continue",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditSchemas.Page.class)))
    @APIResponse(responseCode = "400", description = "Bad filter", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such organisation, or not yours", content = @Content(mediaType = PROBLEM))
    JsonObject list(@PathParam("org") String org,
            @Parameter(description = "From this time (RFC 3339, inclusive)") @QueryParam("from") String from,
            @Parameter(description = "Before this time (RFC 3339, exclusive)") @QueryParam("to") String to,
            @Parameter(description = "Subject or display name") @QueryParam("actor") String actor,
            @Parameter(description = "Operation, or a prefix ending in a dot (resource.)") @QueryParam("operation") String operation,
            @Parameter(description = "Target kind, or kind/id") @QueryParam("target") String target,
            @Parameter(description = "success, denied, invalid, not-found, conflict, unavailable, failed") @QueryParam("outcome") String outcome,
            @Parameter(description = "Page size, 1-200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "Token from the previous page") @QueryParam("continue") String continueToken);

    @GET
    @Path("verify")
    @Tag(name = "Audit")
    @Operation(operationId = "verifyAuditLog", summary = "Recompute an organisation's chain",
            description = "Whole or a sequence range; checks every link and signed checkpoint and names the first broken one.")
    @APIResponse(responseCode = "200", description = "The verdict: valid, or firstBroken {sequence, reason, detail}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditSchemas.Verification.class)))
    @APIResponse(responseCode = "400", description = "Bad sequence range", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such organisation, or not yours", content = @Content(mediaType = PROBLEM))
    JsonObject verify(@PathParam("org") String org, @QueryParam("fromSequence") String fromSequence,
            @QueryParam("toSequence") String toSequence);

    @GET
    @Path("export")
    @Produces({AuditReading.JSON_LINES, "text/csv"})
    @Tag(name = "Audit")
    @Operation(operationId = "exportAuditLog", summary = "Export an organisation's audit log",
            description = "Streamed. jsonl (default): a header, the signed checkpoints, the entries in sequence order — "
                    + "what the offline verifier reads. csv: one row per entry.")
    @APIResponse(responseCode = "200", description = "The export", content = {
        @Content(mediaType = AuditReading.JSON_LINES, schema = @Schema(type = SchemaType.STRING)),
        @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "Bad format or sequence range", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such organisation, or not yours", content = @Content(mediaType = PROBLEM))
    Response export(@PathParam("org") String org, @QueryParam("format") String format,
            @QueryParam("fromSequence") String fromSequence, @QueryParam("toSequence") String toSequence);

    @POST
    @Path("checkpoints")
    @Tag(name = "Audit")
    @Operation(operationId = "createAuditCheckpoint", summary = "Sign the chain's head now",
            description = "Organisation admins. The request is recorded first, so the checkpoint covers it.")
    @APIResponse(responseCode = "201", description = "The signed checkpoint",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditSchemas.Checkpoint.class)))
    @APIResponse(responseCode = "400", description = "The log is empty: nothing to sign", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not an organisation admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such organisation, or not yours", content = @Content(mediaType = PROBLEM))
    Response checkpoint(@PathParam("org") String org);

    @POST
    @Path("retention")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = "Audit")
    @Operation(operationId = "announceAuditRetention", summary = "Announce the removal of the oldest entries",
            description = "Platform admins. Records the announcement in the chain; the database owner role then "
                    + "removes the entries before beforeSequence (docs/audit.md). Verification starts at the first "
                    + "entry kept; entries removed without an announcement are reported missing.")
    @APIResponse(responseCode = "202", description = "Announced: the entry that records it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditSchemas.Entry.class)))
    @APIResponse(responseCode = "400", description = "Bad sequence or reference", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not a platform admin", content = @Content(mediaType = PROBLEM))
    Response announceRetention(@PathParam("org") String org, RetentionAnnouncement body);
}
