package com.kaphera.cloud.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.common.AccessDeniedException;
import com.kaphera.cloud.common.NotFoundException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PermissionTest {
    private static final String ORG = "sme-castings";

    private static Caller member(OrgRole role) {
        return Caller.of("petra", Set.of(), Map.of(ORG, role));
    }

    @Test
    void eachRoleGrantsItsRowsOfTheTable() {
        assertEquals(List.of("organisation:read", "resources:read", "resources:watch", "audit:read", "billing:preview",
                "memberships:read", "joins:read"), Permission.of(member(OrgRole.VIEWER), ORG));
        // Viewers see the cost preview, not invoices; operators (service accounts) report usage.
        assertFalse(Permission.BILLING_MANAGE.allows(member(OrgRole.OPERATOR), ORG));
        assertTrue(Permission.USAGE_REPORT.allows(member(OrgRole.OPERATOR), ORG));
        assertFalse(Permission.USAGE_REPORT.allows(member(OrgRole.VIEWER), ORG));
        assertTrue(Permission.RESOURCES_WRITE.allows(member(OrgRole.OPERATOR), ORG));
        assertFalse(Permission.ORGANISATION_UPDATE.allows(member(OrgRole.OPERATOR), ORG));
        assertEquals(Permission.grantedTo(OrgRole.ADMIN), Permission.of(member(OrgRole.ADMIN), ORG));
    }

    @Test
    void nothingInAnotherOrganisation() {
        assertEquals(List.of(), Permission.of(member(OrgRole.ADMIN), "oem-frankfurt"));
        assertFalse(Permission.RESOURCES_READ.allows(member(OrgRole.ADMIN), "oem-frankfurt"));
    }

    @Test
    void platformAdminsMayDoEverythingAndSupportReadsAndUnblocksJoins() {
        Caller admin = Caller.of("lars", Set.of(PlatformRole.ADMIN), Map.of());
        Caller support = Caller.of("sven", Set.of(PlatformRole.SUPPORT), Map.of());
        assertTrue(Permission.BILLING_MANAGE.allows(admin, ORG));
        // Support reads (invoices too), and steers joins (retry, skip, cancel) so that no join waits on a customer's admin alone.
        assertEquals(List.of("organisation:read", "resources:read", "resources:watch", "audit:read", "billing:manage",
                "billing:preview", "memberships:read", "joins:read", "joins:manage"), Permission.of(support, ORG));
        assertFalse(Permission.USAGE_REPORT.allows(support, ORG));
        assertFalse(Permission.JOINS_START.allows(support, ORG));
        assertFalse(Permission.RESOURCES_WRITE.allows(support, ORG));
        assertEquals(List.of("customer-accounts:read", "fleet:read", "platform-audit:read", "billing:read"),
                Permission.platformOf(support));
        assertFalse(Permission.BILLING_OPERATE.allows(support));
        assertEquals(Arrays.stream(Permission.values()).filter(p -> p.scope() == Permission.Scope.PLATFORM).count(),
                Permission.platformOf(admin).size());
    }

    @Test
    void noOrganisationRoleGrantsAPlatformRow() {
        assertFalse(Permission.ORGANISATIONS_ASSIGN_ACCOUNT.allows(member(OrgRole.ADMIN)));
        assertEquals(List.of(), Permission.platformOf(member(OrgRole.ADMIN)));
    }

    @Test
    void strangersAreNotToldTheOrganisationExistsMembersAreToldWhatTheyLack() {
        assertThrows(NotFoundException.class, () -> Permission.RESOURCES_READ.require(member(OrgRole.ADMIN), "oem-frankfurt"));
        AccessDeniedException denied = assertThrows(AccessDeniedException.class,
                () -> Permission.RESOURCES_WRITE.require(member(OrgRole.VIEWER), ORG));
        assertTrue(denied.getMessage().contains("resources:write"), denied.getMessage());
        assertThrows(AccessDeniedException.class, () -> Permission.ORGANISATIONS_CREATE.require(member(OrgRole.ADMIN)));
    }

    @Test
    void governanceRolesComeFromTheDataspaceAndAStrangerIsNotToldItHasAGovernanceSide() {
        Caller admin = Caller.of("greta", Set.of(), Map.of(), Map.of("rhine-main", DataspaceRole.AUTHORITY_ADMIN));
        Caller viewer = Caller.of("vera", Set.of(), Map.of(), Map.of("rhine-main", DataspaceRole.AUTHORITY_VIEWER));
        assertEquals(List.of("governance:read", "governance:manage", "requests:decide", "joins:intervene"),
                Permission.inDataspace(admin, "rhine-main"));
        assertEquals(List.of("governance:read"), Permission.inDataspace(viewer, "rhine-main"));
        assertEquals(List.of(), Permission.inDataspace(admin, "baltic-logistics"));
        assertThrows(NotFoundException.class, () -> Permission.REQUESTS_DECIDE.require(admin, "baltic-logistics"));
        assertThrows(NotFoundException.class, () -> Permission.REQUESTS_DECIDE.require(member(OrgRole.ADMIN), "rhine-main"));
        AccessDeniedException denied = assertThrows(AccessDeniedException.class,
                () -> Permission.REQUESTS_DECIDE.require(viewer, "rhine-main"));
        assertTrue(denied.getMessage().contains("authority-admin"), denied.getMessage());
        assertEquals(List.of(), Permission.of(admin, "rhine-main"), "a governance role is not an organisation role");
    }

    @Test
    void systemPrincipalsHoldEveryRowAndNoTokenCanClaimToBeOne() {
        Caller timer = Caller.system("billing-run");
        assertEquals("system:billing-run", timer.subject());
        assertTrue(Arrays.stream(Permission.values()).allMatch(p -> p.scope() == Permission.Scope.PLATFORM
                ? p.allows(timer) : p.allows(timer, ORG)));
        Caller pretender = Caller.of("system:billing-run", Set.of(), Map.of());
        assertFalse(pretender.isSystem());
        assertFalse(Permission.RESOURCES_READ.allows(pretender, ORG));
    }
}
