package com.kaphera.cloud.governance.credentials.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The dataspaces' credential issuers on the public internet (no Kaphera token): the did:web DID
 * documents, the DCP issuer service and the revocation lists. Holders authenticate to the issuer
 * service with their self-issued token; refusals are problem+json (docs/api/dcp.md).
 */
public interface DcpApi {
    String TAG = "DCP issuer";
    String DATASPACE = "The dataspace's slug";
    String PROBLEM = "application/problem+json";

    @GET
    @Path("did.json")
    @Produces({"application/did+json", MediaType.APPLICATION_JSON})
    @Tag(name = TAG)
    @SecurityRequirements
    @Operation(operationId = "getIssuerDidDocument", summary = "The issuer's DID document (did:web resolution)",
            description = "Verification keys (JsonWebKey2020, P-256; retiring keys stay until their overlap ends) and an "
                    + "IssuerService entry pointing at the issuer service.")
    @APIResponse(responseCode = "200", description = "The DID document", content = @Content(mediaType = "application/did+json",
            schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT)))
    @APIResponse(responseCode = "404", description = "No such dataspace", content = @Content(mediaType = PROBLEM))
    Response didDocument(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace);

    @GET
    @Path("issuer/metadata")
    @Produces(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @SecurityRequirements
    @Operation(operationId = "getIssuerMetadata", summary = "DCP issuer metadata: the credentials issued")
    @APIResponse(responseCode = "200", description = "IssuerMetadata", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT)))
    @APIResponse(responseCode = "404", description = "No such dataspace", content = @Content(mediaType = PROBLEM))
    Response metadata(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace);

    @POST
    @Path("issuer/credentials")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    @Tag(name = TAG)
    @SecurityRequirements
    @Operation(operationId = "requestCredentials", summary = "DCP CredentialRequestMessage from a holder's wallet",
            description = "Bearer: the holder's self-issued ES256 token (iss = sub = holder DID, aud = issuer DID). Answers "
                    + "201 with Location and the issuer's request id (issuerPid) as the body; the credentials are then "
                    + "delivered to the holder's Storage API.")
    @APIResponse(responseCode = "201", description = "Accepted; body: the issuerPid (text)", content = @Content(mediaType = MediaType.TEXT_PLAIN,
            schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "Not a CredentialRequestMessage, or a credential not issued here",
            content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "401", description = "Holder token missing, forged, expired or for another audience",
            content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "The holder is not an approved member", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such dataspace", content = @Content(mediaType = PROBLEM))
    Response request(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @jakarta.ws.rs.core.Context HttpHeaders headers,
            java.io.InputStream body);

    @GET
    @Path("issuer/requests/{issuerPid}")
    @Produces(MediaType.APPLICATION_JSON)
    @Tag(name = TAG)
    @SecurityRequirements
    @Operation(operationId = "getCredentialRequestStatus", summary = "DCP CredentialStatus of the holder's request")
    @APIResponse(responseCode = "200", description = "CredentialStatus", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT)))
    @APIResponse(responseCode = "401", description = "Holder token refused", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such request of this holder", content = @Content(mediaType = PROBLEM))
    Response status(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Parameter(description = "The issuer's request id") @PathParam("issuerPid") String issuerPid);

    @GET
    @Path("status/{list}")
    @Produces({MediaType.APPLICATION_JSON, "application/vc+jwt"})
    @Tag(name = TAG)
    @SecurityRequirements
    @Operation(operationId = "getStatusListCredential", summary = "A revocation list (Bitstring Status List credential)",
            description = "Signed (VC-JWT) for Accept: application/vc+jwt; otherwise the credential as JSON, which EDC 0.15 "
                    + "connectors read (they check no signature on it).")
    @APIResponse(responseCode = "200", description = "The status list credential",
            content = {@Content(mediaType = "application/vc+jwt", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)),
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT))})
    @APIResponse(responseCode = "404", description = "No such list", content = @Content(mediaType = PROBLEM))
    Response statusList(@Parameter(description = DATASPACE) @PathParam("dataspace") String dataspace,
            @Parameter(description = "The list's id") @PathParam("list") String list,
            @HeaderParam(HttpHeaders.ACCEPT) String accept);
}
