package com.kaphera.cloud.ejbit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.common.ConflictException;
import com.kaphera.cloud.ejbit.harness.Deployments;
import com.kaphera.cloud.ejbit.support.Callers;
import com.kaphera.cloud.ejbit.support.Fixtures;
import com.kaphera.cloud.ejbit.support.ServiceCalls;
import com.kaphera.cloud.governance.DataspaceProfile;
import com.kaphera.cloud.governance.membership.MembershipInputs;
import com.kaphera.cloud.governance.membership.MembershipRequest;
import com.kaphera.cloud.governance.membership.RequestState;
import com.kaphera.cloud.governance.membership.StepStatus;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.OrgRole;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MembershipService in the container on the real database: an approval, the member row, the member
 * count and the audit entry commit together or not at all; the database's uniqueness is the
 * backstop when two requests with one legal entity both passed their checks before either was
 * approved.
 */
@ExtendWith(ArquillianExtension.class)
public class MembershipServiceIT {

    @Deployment
    public static EnterpriseArchive deployment() {
        return Deployments.services(MembershipServiceIT.class);
    }

    @Inject
    ServiceCalls calls;

    private final Caller admin = Callers.platformAdmin();

    @Test
    public void aSecondRequestWithTheSameLegalEntityIsRefusedAtApprovalAndLeftAsItWas() {
        String authorityOrg = Fixtures.slug("consortium");
        calls.register(admin, Fixtures.oem(authorityOrg));
        String slug = Fixtures.slug("rhine-main");
        Caller greta = Callers.authorityAdmin("greta", slug);
        DataspaceProfile profile = new DataspaceProfile("Automotive supply-chain data exchange",
                List.of(new DataspaceProfile.UseCase("traceability", "Part traceability", null)),
                new DataspaceProfile.IdentityModel("did:web", List.of("MembershipCredential"), List.of()),
                new DataspaceProfile.OnboardingRules(List.of(
                        new DataspaceProfile.OnboardingStep("legal-entity-id", Json.createObjectBuilder().add("format", "bpnl").build()),
                        new DataspaceProfile.OnboardingStep("manual-approval", Json.createObjectBuilder().build())), false), null);
        calls.publishedDataspace(admin, greta, slug, authorityOrg, profile);
        String bpnl = "BPNL" + String.format("%012d", System.nanoTime() % 1_000_000_000_000L);
        MembershipRequest first = apply(Fixtures.slug("tier1-koeln"), slug, bpnl);
        MembershipRequest second = apply(Fixtures.slug("tier1-bonn"), slug, bpnl);
        assertEquals(RequestState.AWAITING_APPROVAL, second.state(), "both passed: neither was a member yet");

        calls.approve(greta, slug, first.id().toString());
        assertThrows(ConflictException.class, () -> calls.approve(greta, slug, second.id().toString()));

        MembershipRequest after = calls.request(greta, slug, second.id().toString());
        assertEquals(RequestState.AWAITING_APPROVAL, after.state(), "the refused approval changed nothing");
        assertEquals(second.version(), after.version());
        assertEquals(List.of(first.organisation()), calls.members(greta, slug).stream().map(m -> m.organisation()).toList());
        assertEquals(0, calls.auditEntries(admin, second.organisation(), "membership.approve").size(),
                "no audit entry for an approval that did not happen");
        assertEquals(2, calls.auditEntries(admin, first.organisation(), "membership.approve").size(),
                "the approval and the new membership, in the approved organisation's chain");
        // Re-running the step now says why, and the request can still be decided (never stuck).
        MembershipRequest rerun = calls.rerun(greta, slug, second.id().toString(), 1);
        assertEquals(StepStatus.FAILED, rerun.steps().get(0).status());
        assertTrue(rerun.steps().get(0).reason().contains("already"), rerun.steps().get(0).reason());
        assertEquals(RequestState.VALIDATING, rerun.state());
        assertTrue(rerun.nextActions().stream().anyMatch(a -> a.contains("re-runs step 1")), rerun.nextActions().toString());
    }

    private MembershipRequest apply(String org, String dataspace, String bpnl) {
        calls.register(admin, Fixtures.oem(org));
        Caller orgAdmin = Callers.member("admin-" + org, Map.of(org, OrgRole.ADMIN));
        return calls.apply(orgAdmin, org, dataspace, new MembershipInputs(bpnl, "did:web:wallet.kaphera.test:" + org,
                List.of(), List.of()));
    }
}
