package com.kaphera.cloud.billing.api.metering;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
 * The raw usage events of an organisation's billing period, for disputes (the class-level {@code @Path}
 * sits on the resource). docs/billing.md ("Metering") is the guide.
 */
@Tag(name = "Usage")
public interface UsageExportApi {
    String PROBLEM = "application/problem+json";
    String CSV = "text/csv";

    @GET
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Tag(name = "Usage")
    @Operation(operationId = "exportUsageEvents", summary = "Export the usage events of a billing period",
            description = "Organisation admins and platform support (billing:manage): the raw events counted in the period, "
                    + "late events of earlier months included, by time. JSON pages, or all of them as CSV "
                    + "(Accept: text/csv or format=csv).")
    @APIResponse(responseCode = "200", description = "One page (JSON) or the whole period (CSV)", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UsageEventView.Page.class)),
        @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "Bad period, format, limit or continue token",
            content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "Not an admin of the organisation", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such organisation, or not yours", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "406", description = "Neither JSON nor CSV acceptable", content = @Content(mediaType = PROBLEM))
    Response export(@PathParam("org") String org,
            @Parameter(description = "Billing period, YYYY-MM (default: the current month, UTC)") @QueryParam("period") String period,
            @Parameter(description = "json (default) or csv; overrides Accept") @QueryParam("format") String format,
            @Parameter(description = "Page size, 1-1000 (default 200; JSON only)") @QueryParam("limit") String limit,
            @Parameter(description = "Token from the previous page") @QueryParam("continue") String continueToken,
            @HeaderParam("Accept") String accept);
}
