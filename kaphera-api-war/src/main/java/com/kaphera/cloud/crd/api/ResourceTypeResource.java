package com.kaphera.cloud.crd.api;

import com.kaphera.cloud.crd.ResourceTypeCatalogue;
import com.kaphera.cloud.web.security.Authenticated;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The kinds of custom resources served, read from the cluster's CRDs. Any authenticated caller. */
@RequestScoped
@Path("/api/v1/resource-types")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Resource types")
public class ResourceTypeResource {
    private static final String PROBLEM = "application/problem+json";

    @Inject
    ResourceTypeCatalogue catalogue;

    @Context
    Request request;

    @GET
    @Authenticated
    @Operation(operationId = "listResourceTypes", summary = "List resource types", description = "Every kind served, with its OpenAPI v3 schema and "
            + "printer columns. The ETag changes whenever a CRD changes; send If-None-Match to poll cheaply.")
    @APIResponse(responseCode = "200", description = "The catalogue",
            content = @Content(schema = @Schema(implementation = ResourceTypeList.class)))
    @APIResponse(responseCode = "304", description = "Unchanged since If-None-Match")
    @Parameter(name = HttpHeaders.IF_NONE_MATCH, in = ParameterIn.HEADER, description = "The ETag you have",
            schema = @Schema(type = SchemaType.STRING))
    public Response list() {
        EntityTag tag = new EntityTag("types-" + catalogue.version());
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        if (unchanged != null) {
            return unchanged.build();
        }
        return Response.ok(new ResourceTypeList(catalogue.all().stream().map(ResourceTypeView::of).toList()))
                .tag(tag).build();
    }

    @GET
    @Path("{type}")
    @Authenticated
    @Operation(operationId = "getResourceType", summary = "Read one resource type", description = "By id (plural.group) or, when unambiguous, by "
            + "plural, singular or short name.")
    @APIResponse(responseCode = "200", description = "The kind",
            content = @Content(schema = @Schema(implementation = ResourceTypeView.class)))
    @APIResponse(responseCode = "404", description = "No such kind", content = @Content(mediaType = PROBLEM))
    public ResourceTypeView get(@Parameter(description = "Type id (plural.group), or its plural, singular or short name")
            @PathParam("type") String type) {
        return ResourceTypeView.of(catalogue.resolve(type));
    }
}
