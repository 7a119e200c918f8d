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

/** A dataspace issuer's signing keys, for its governance authority. */
@Produces(MediaType.APPLICATION_JSON)
public interface IssuerKeyApi {
    String PROBLEM = "application/problem+json";
    String TAG = "Credentials";
    String DATASPACE = "The dataspace's slug";
    String NOT_YOURS = "No such dataspace, or you hold no governance role in it";

    @GET
    @Path("keys")
    @Tag(name = TAG)
    @Operation(operationId = "listIssuerKeys", summary = "The issuer's signing keys (public parts), newest first")
    @APIResponse(responseCode = "200", description = "The keys", content = @Content(schema = @Schema(implementation = IssuerKeyView.IssuerKeyList.class)))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    IssuerKeyView.IssuerKeyList keys(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace);
    @POST
    @Path("keys/rotate")
    @Tag(name = TAG)
    @Operation(operationId = "rotateIssuerKey", summary = "Rotate the issuer's signing key",
            description = "The new key signs from now on; the old one stays published in the DID document for the profile's "
                    + "credential validity, so that credentials it signed keep verifying.")
    @APIResponse(responseCode = "200", description = "The new key", content = @Content(schema = @Schema(implementation = IssuerKeyView.class)))
    @APIResponse(responseCode = "403", description = "An authority viewer, not an admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    IssuerKeyView rotate(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace);
}
