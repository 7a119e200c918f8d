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

/** Verifying any credential, for any authenticated user. */
@Produces(MediaType.APPLICATION_JSON)
public interface CredentialVerificationApi {
    String PROBLEM = "application/problem+json";
    String TAG = "Credentials";
    String DATASPACE = "The dataspace's slug";
    String NOT_YOURS = "No such dataspace, or you hold no governance role in it";

    @POST
    @Path("verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @Operation(operationId = "verifyCredential", summary = "Verify a VC-JWT: signature, trusted issuer, expiry, revocation",
            description = "Any authenticated user. With a dataspace, its issuer and the issuers its profile trusts are trusted; "
                    + "without, any of this platform's dataspace issuers. A credential that fails is 200 with valid=false.")
    @APIResponse(responseCode = "200", description = "The verification", content = @Content(schema = @Schema(implementation = CredentialView.VerificationView.class)))
    CredentialView.VerificationView verify(VerifyRequest body);
}
