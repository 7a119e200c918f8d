package com.kaphera.cloud.governance.credentials.api;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST /api/v1/credentials/verify. */
@Schema(name = "VerifyRequest")
public record VerifyRequest(@Schema(description = "The VC-JWT") @NotNull String credential,
        @Schema(description = "The dataspace whose trusted issuers apply (optional)") String dataspace) {
}
