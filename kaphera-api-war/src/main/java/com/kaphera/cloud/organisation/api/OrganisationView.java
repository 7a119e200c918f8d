package com.kaphera.cloud.organisation.api;

import com.kaphera.cloud.organisation.Organisation;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An organisation as the API shows it: an allow-list of fields, never the entity. */
@Schema(name = "Organisation", example = """
        {"slug":"tier1-gmbh","displayName":"Tier-1 Components GmbH","legalEntityId":"BPNL00000003AYRE",
         "namespace":"kaphera-tier1-gmbh","createdAt":"2026-11-23T09:00:00Z","updatedAt":"2026-11-23T09:00:00Z"}""")
public record OrganisationView(String slug, String displayName, String legalEntityId, String namespace,
        String customerAccount, Instant createdAt, Instant updatedAt) {

    static OrganisationView of(Organisation o) {
        return new OrganisationView(o.slug(), o.displayName(), o.legalEntityId(), o.namespace(),
                o.customerAccount() == null ? null : o.customerAccount().slug(), o.createdAt(), o.updatedAt());
    }
}
