package com.kaphera.cloud.governance.credentials.api;

import com.kaphera.cloud.governance.credentials.CredentialService;
import com.kaphera.cloud.governance.credentials.IssuedCredential;
import com.kaphera.cloud.governance.credentials.dcp.Verification;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An issued credential with its verification as of the request, and its delivery to the wallet. */
@Schema(name = "Credential")
public record CredentialView(String id, String organisation, String dataspace, String holderDid, String credentialType,
        String format, String keyId, Instant issuedAt, Instant expiresAt, Instant revokedAt, String revocationReason,
        @Schema(description = "The VC-JWT as issued") String jwt,
        @Schema(description = "As of this request; absent in the answer to a revocation") VerificationView verification,
        @Schema(description = "issued (delivery pending), delivered or failed") String delivery,
        @Schema(description = "The last delivery error, while it is retried or after it failed") String deliveryError) {

    static CredentialView of(CredentialService.Checked checked) {
        IssuedCredential c = checked.credential();
        return new CredentialView(c.id(), c.organisation(), checked.dataspace(), c.holderDid(), c.credentialType(), c.format(),
                c.keyId(), c.issuedAt(), c.expiresAt(), c.revokedAt(), c.revocationReason(), c.jwt(),
                checked.verification() == null ? null : VerificationView.of(checked.verification()),
                checked.delivery().map(d -> d.state()).orElse(null),
                checked.delivery().map(d -> d.lastError()).orElse(null));
    }

    /** A list of credentials. */
    public record CredentialList(List<CredentialView> items) {
    }

    /** Whether a credential can be relied on, check by check. */
    @Schema(name = "Verification", example = """
            {"valid":false,"checks":[{"name":"format","passed":true,"detail":"A VC 1.1 JWT of type VerifiableCredential, MembershipCredential"},
             {"name":"signature","passed":false,"detail":"The signature does not match the key …"}]}""")
    public record VerificationView(boolean valid, List<CheckView> checks) {
        static VerificationView of(Verification v) {
            return new VerificationView(v.valid(), v.checks().stream()
                    .map(c -> new CheckView(c.name(), c.passed(), c.detail())).toList());
        }
    }

    /** One check: format, signature, trusted-issuer, expiry or status. */
    @Schema(name = "VerificationCheck")
    public record CheckView(String name, boolean passed, String detail) {
    }
}
