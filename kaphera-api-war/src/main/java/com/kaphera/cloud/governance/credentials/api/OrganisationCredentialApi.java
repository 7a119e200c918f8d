package com.kaphera.cloud.governance.credentials.api;

import com.kaphera.cloud.governance.api.Decision;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Credentials issued to one organisation. */
@Produces(MediaType.APPLICATION_JSON)
public interface OrganisationCredentialApi {
    String PROBLEM = "application/problem+json";
    String TAG = "Credentials";
    String DATASPACE = "The dataspace's slug";
    String NOT_YOURS = "No such dataspace, or you hold no governance role in it";

    @GET
        @Tag(name = TAG)
    @Operation(operationId = "listOrganisationCredentials", summary = "Credentials issued to the organisation, each verified now")
    @APIResponse(responseCode = "200", description = "Newest first (at most 200)",
            content = @Content(schema = @Schema(implementation = CredentialView.CredentialList.class)))
    @APIResponse(responseCode = "404", description = "No such organisation, or not yours", content = @Content(mediaType = PROBLEM))
    CredentialView.CredentialList forOrganisation(@Parameter(description = "The organisation's slug") @PathParam("org") String org);
}
