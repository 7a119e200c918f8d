package com.kaphera.cloud.directory.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The dataspace directory: published dataspaces, for any authenticated user. */
@Produces(MediaType.APPLICATION_JSON)
public interface DirectoryApi {
    String PROBLEM = "application/problem+json";
    String TAG = "Directory";

    @GET
    @Tag(name = TAG)
    @Operation(operationId = "listDirectoryDataspaces", summary = "Search published dataspaces",
            description = "Slug order. q matches every word against name, description and use cases (case-insensitive).")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(schema = @Schema(implementation = DirectoryEntry.Page.class)))
    DirectoryEntry.Page list(@Parameter(description = "Words to search for (at most 200 characters)") @QueryParam("q") String q,
            @Parameter(description = "Page size, 1-200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "Token from the previous page") @QueryParam("continue") String continueToken);

    @GET
    @Path("{dataspace}")
    @Tag(name = TAG)
    @Operation(operationId = "getDirectoryDataspace", summary = "One published dataspace")
    @APIResponse(responseCode = "200", description = "The dataspace", content = @Content(schema = @Schema(implementation = DirectoryEntry.class)))
    @APIResponse(responseCode = "404", description = "No published dataspace of that slug", content = @Content(mediaType = PROBLEM))
    DirectoryEntry get(@Parameter(description = "The dataspace's slug") @PathParam("dataspace") String dataspace);
}
