package com.kaphera.cloud.directory.api;

import com.kaphera.cloud.directory.DirectoryService;
import com.kaphera.cloud.governance.DataspaceProfile;
import com.kaphera.cloud.governance.api.ProfileDocument;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A published dataspace as a prospective participant reads it. */
@Schema(name = "DirectoryEntry", example = """
        {"slug":"rhine-main-automotive","displayName":"Rhine-Main Automotive Dataspace",
         "description":"Automotive supply chain data exchange for the Rhine-Main pilot",
         "useCases":[{"id":"traceability","title":"Part traceability"}],
         "onboarding":["Your legal-entity identifier (a Catena-X BPNL, e.g. BPNL00000003AYRE), not already used by a member",
           "Approval by the governance authority"],
         "credentialTypes":["MembershipCredential"],"memberCount":6,"profileVersion":2,
         "issuerDid":"did:web:kaphera.example:dcp:rhine-main-automotive"}""")
public record DirectoryEntry(String slug, String displayName, String description, List<ProfileDocument.UseCase> useCases,
        @Schema(description = "What onboarding asks for, in plain language, in order") List<String> onboarding,
        List<String> credentialTypes, int memberCount, int profileVersion, String issuerDid) {

    static DirectoryEntry of(DirectoryService.Listing l, String issuerDid) {
        DataspaceProfile p = l.profile().profile();
        return new DirectoryEntry(l.dataspace().slug(), l.dataspace().displayName(), p.description(), ProfileDocument.useCases(p),
                p.onboardingInPlainLanguage(), p.credentialTypes(), l.dataspace().memberCount(), l.profile().number(), issuerDid);
    }

    /** One page of the directory. */
    @Schema(name = "DirectoryPage")
    public record Page(List<DirectoryEntry> items, @jakarta.json.bind.annotation.JsonbProperty("continue") String next) {
    }
}
