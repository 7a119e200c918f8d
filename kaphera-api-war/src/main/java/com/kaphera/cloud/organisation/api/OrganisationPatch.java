package com.kaphera.cloud.organisation.api;

import com.kaphera.cloud.organisation.OrganisationChanges;
import com.kaphera.cloud.web.json.FieldPatch;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of PATCH /api/v1/organisations/{org} (application/merge-patch+json): only display data can
 * change; slug and namespace are not fields here, so sending them is an "unknown field" error.
 */
@Schema(name = "OrganisationPatch", example = """
        {"displayName":"Tier-1 Components GmbH & Co. KG","legalEntityId":null}""")
public record OrganisationPatch(
        @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING) FieldPatch<String> displayName,
        @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, nullable = true,
                description = "null removes it") FieldPatch<String> legalEntityId) {

    OrganisationChanges toChanges() {
        String name = displayName == null ? null : displayName.clears() ? "" : displayName.value();
        return new OrganisationChanges(name,
                legalEntityId == null || legalEntityId.clears() ? null : legalEntityId.value(),
                legalEntityId != null && legalEntityId.clears());
    }
}
