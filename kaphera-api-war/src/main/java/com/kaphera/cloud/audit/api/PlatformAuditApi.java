package com.kaphera.cloud.audit.api;

import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The platform's audit chain (customer accounts; refused writes that name no organisation the caller
 * may see) and the public key set that verifies every chain's checkpoints.
 * Each operation carries its own {@code @Tag}: the interface-level one was not applied to every
 * operation in every build (OpenApiDocumentIT caught it).
 */
@Tag(name = "Audit")
@Produces(MediaType.APPLICATION_JSON)
public interface PlatformAuditApi {
    String PROBLEM = "application/problem+json";

    @GET
    @Path("platform")
    @Tag(name = "Audit")
    @Operation(operationId = "listPlatformAuditEntries", summary = "Read the platform's audit log",
            description = "Platform support. Same filters as an organisation's log.")
    @APIResponse(responseCode = "200", description = "One page: items and continue",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditSchemas.Page.class)))
    @APIResponse(responseCode = "400", description = "Bad filter", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not platform staff", content = @Content(mediaType = PROBLEM))
    JsonObject list(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("actor") String actor,
            @QueryParam("operation") String operation, @QueryParam("target") String target,
            @QueryParam("outcome") String outcome, @QueryParam("limit") String limit,
            @QueryParam("continue") String continueToken);

    @GET
    @Path("platform/verify")
    @Tag(name = "Audit")
    @Operation(operationId = "verifyPlatformAuditLog", summary = "Recompute the platform's chain")
    @APIResponse(responseCode = "200", description = "The verdict",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditSchemas.Verification.class)))
    @APIResponse(responseCode = "400", description = "Bad sequence range", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not platform staff", content = @Content(mediaType = PROBLEM))
    JsonObject verify(@QueryParam("fromSequence") String fromSequence, @QueryParam("toSequence") String toSequence);

    @GET
    @Path("platform/export")
    @Produces({AuditReading.JSON_LINES, "text/csv"})
    @Tag(name = "Audit")
    @Operation(operationId = "exportPlatformAuditLog", summary = "Export the platform's audit log")
    @APIResponse(responseCode = "200", description = "The export", content = {
        @Content(mediaType = AuditReading.JSON_LINES, schema = @Schema(type = SchemaType.STRING)),
        @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "Bad format or sequence range", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not platform staff", content = @Content(mediaType = PROBLEM))
    Response export(@QueryParam("format") String format, @QueryParam("fromSequence") String fromSequence,
            @QueryParam("toSequence") String toSequence);

    @GET
    @Path("keys")
    @Tag(name = "Audit")
    @Operation(operationId = "getAuditKeys", summary = "The audit signing keys (JWK set)",
            description = "Public: every Ed25519 key that ever signed a checkpoint, for offline verification.")
    @APIResponse(responseCode = "200", description = "A JWK set",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditSchemas.KeySet.class)))
    JsonObject keys();
}
