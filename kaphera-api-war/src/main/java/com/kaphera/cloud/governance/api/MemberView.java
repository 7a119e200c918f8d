package com.kaphera.cloud.governance.api;

import com.kaphera.cloud.governance.membership.Member;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A member of a dataspace, as fellow members and the authority discover it. */
@Schema(name = "DataspaceMember", example = """
        {"organisation":"novak-castings","dataspace":"rhine-main-automotive","legalEntityId":"BPNL000000000NC1",
         "did":"did:web:wallet.kaphera.example:novak-castings","connectorEndpoint":null,"profileVersion":1,
         "joinedAt":"2026-12-02T09:00:00Z"}""")
public record MemberView(String organisation, String dataspace, String legalEntityId, String did,
        @Schema(description = "The connector's DSP protocol endpoint, once provisioned") String connectorEndpoint,
        @Schema(description = "The profile version the member is bound to") int profileVersion, Instant joinedAt) {

    static MemberView of(Member m, String dataspace) {
        return new MemberView(m.organisation(), dataspace, m.legalEntityId(), m.did(), m.connectorEndpoint(),
                m.profileNumber(), m.joinedAt());
    }

    /** Members of several dataspaces. */
    public record MemberList(List<MemberView> items) {
    }
}
