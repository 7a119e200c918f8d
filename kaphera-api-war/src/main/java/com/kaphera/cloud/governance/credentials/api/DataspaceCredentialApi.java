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

/** A dataspace's issued credentials, for its governance authority: listing, revocation, delivery retries. */
@Produces(MediaType.APPLICATION_JSON)
public interface DataspaceCredentialApi {
    String PROBLEM = "application/problem+json";
    String TAG = "Credentials";
    String DATASPACE = "The dataspace's slug";
    String NOT_YOURS = "No such dataspace, or you hold no governance role in it";

    @GET
        @Tag(name = TAG)
    @Operation(operationId = "listDataspaceCredentials", summary = "Credentials the dataspace issued, each verified now")
    @APIResponse(responseCode = "200", description = "Newest first (at most 200)",
            content = @Content(schema = @Schema(implementation = CredentialView.CredentialList.class)))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = PROBLEM))
    CredentialView.CredentialList forDataspace(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace);
    @POST
    @Path("{id}/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "revokeCredential", summary = "Revoke a credential (its bit in the status list is set)")
    @APIResponse(responseCode = "200", description = "Revoked", content = @Content(schema = @Schema(implementation = CredentialView.class)))
    @APIResponse(responseCode = "403", description = "An authority viewer, not an admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such credential, or " + NOT_YOURS, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Revoked already", content = @Content(mediaType = PROBLEM))
    CredentialView revoke(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace,
            @Parameter(description = "The credential's id (urn:uuid:…)") @PathParam("id") String id, Decision body);
    @POST
    @Path("deliveries/{issuance}/retry")
    @Tag(name = TAG)
    @Operation(operationId = "retryCredentialDelivery", summary = "Another round of delivery attempts after a failed delivery")
    @APIResponse(responseCode = "200", description = "Queued", content = @Content(schema = @Schema(implementation = DeliveryView.class)))
    @APIResponse(responseCode = "403", description = "An authority viewer, not an admin", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such delivery, or " + NOT_YOURS, content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "The delivery has not failed (pending or delivered)", content = @Content(mediaType = PROBLEM))
    DeliveryView retry(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace,
            @Parameter(description = "The issuance (issuerPid)") @PathParam("issuance") String issuance);
}
