package com.kaphera.cloud.billing.api.metering;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Usage reports from connectors and data planes (the class-level {@code @Path} sits on the resource). docs/billing.md ("Metering") is the guide.
 */
@Tag(name = "Usage")
public interface UsageReportApi {
    String PROBLEM = "application/problem+json";
    String CSV = "text/csv";

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Tag(name = "Usage")
    @Operation(operationId = "reportUsageEvents", summary = "Report a batch of usage events",
            description = "The organisation's service account (role operator, permission usage:report). 1-1,000 events; "
                    + "each id is counted once per organisation, across retries and server instances. Bad events get "
                    + "per-event errors and the good ones are kept; events of an invoiced month are billed in the open "
                    + "period as adjustments (late).")
    @APIResponse(responseCode = "200", description = "What was counted, and each refused event",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UsageReportView.class)))
    @APIResponse(responseCode = "400", description = "Not a usage report: malformed JSON, no events array, more than "
            + "1,000 events, an unknown field", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "The caller may report usage for no organisation",
            content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "413", description = "Body larger than kaphera.billing.usage-max-body-bytes",
            content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "415", description = "Not application/json", content = @Content(mediaType = PROBLEM))
    Response report(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = UsageReportBody.class))) InputStream body, @jakarta.ws.rs.core.Context HttpHeaders headers);
}
