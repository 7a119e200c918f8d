package com.kaphera.cloud.organisation.api;

import com.kaphera.cloud.organisation.OrganisationChanges;
import com.kaphera.cloud.web.json.FieldPatch;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of PATCH /api/v1/organisations/{org} (application/merge-patch+json): display data, and the
 * customer account (platform admins only: 403 for anyone else); slug and namespace are not fields
 * here, so sending them is an "unknown field" error.
 */
@Schema(name = "OrganisationPatch", description = "JSON merge patch (RFC 7396): an absent field is left alone, "
        + "null removes an optional one.", example = """
        {"displayName":"Tier-1 Components GmbH & Co. KG","legalEntityId":null}""")
public record OrganisationPatch(
        // FieldPatch is how the server tells "absent" from null; on the wire each field is a plain
        // string (or null). implementation = String keeps the scanner away from the generic wrapper,
        // whose generated schema referred to itself.
        @Schema(implementation = String.class, maxLength = 200, description = "New display name") FieldPatch<String> displayName,
        @Schema(implementation = String.class, nullable = true, maxLength = 64,
                description = "Legal entity identifier; null removes it") FieldPatch<String> legalEntityId,
        @Schema(implementation = String.class, nullable = true,
                description = "Customer account slug; null detaches. Platform admins only") FieldPatch<String> customerAccount) {

    OrganisationChanges toChanges() {
        String name = displayName == null ? null : displayName.clears() ? "" : displayName.value();
        return new OrganisationChanges(name,
                legalEntityId == null || legalEntityId.clears() ? null : legalEntityId.value(),
                legalEntityId != null && legalEntityId.clears(),
                customerAccount == null || customerAccount.clears() ? null : customerAccount.value(),
                customerAccount != null && customerAccount.clears());
    }
}
