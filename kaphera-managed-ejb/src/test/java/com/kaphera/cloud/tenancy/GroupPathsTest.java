package com.kaphera.cloud.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupPathsTest {
    private final GroupPaths paths = new GroupPaths("/orgs/", "/platform/");

    @Test
    void readsOrganisationRolesFromKeycloakGroupPaths() {
        Caller c = paths.toCaller("tier1-admin", List.of("/orgs/tier1-de/admin", "/orgs/tier1-cz/viewer"));
        assertEquals(Map.of("tier1-de", OrgRole.ADMIN, "tier1-cz", OrgRole.VIEWER), c.orgRoles());
        assertTrue(c.platformRoles().isEmpty());
    }

    @Test
    void keepsTheHighestRoleWhenAUserIsInSeveralGroupsOfOneOrganisation() {
        Caller c = paths.toCaller("u", List.of("/orgs/oem/viewer", "/orgs/oem/operator", "/orgs/oem/viewer"));
        assertEquals(OrgRole.OPERATOR, c.roleIn("oem").orElseThrow());
    }

    @Test
    void ignoresUnknownRolesDeeperPathsAndForeignGroups() {
        Caller c = paths.toCaller("u", List.of("/orgs/oem/owner", "/orgs/oem/admin/extra", "/orgs//admin",
                "/dataspaces/ds1/authority-admin", "admin", "/platform/root"));
        assertTrue(c.orgRoles().isEmpty(), c.toString());
        assertTrue(c.platformRoles().isEmpty(), c.toString());
    }

    @Test
    void readsPlatformRoles() {
        assertEquals(Set.of(PlatformRole.SUPPORT), paths.toCaller("s", List.of("/platform/support")).platformRoles());
    }

    @Test
    void prefixesAreConfigurableAndNormalised() {
        Caller c = new GroupPaths("tenants", "ops").toCaller("u", List.of("/tenants/oem/admin", "/ops/admin"));
        assertEquals(OrgRole.ADMIN, c.roleIn("oem").orElseThrow());
        assertTrue(c.isPlatformAdmin());
    }

    @Test
    void platformSupportReadsEverythingButHoldsNoWriteRole() {
        Caller support = paths.toCaller("s", List.of("/platform/support"));
        assertTrue(support.canSee("any-org"));
        assertTrue(Permission.RESOURCES_READ.allows(support, "any-org"));
        assertFalse(Permission.RESOURCES_WRITE.allows(support, "any-org"));
        assertFalse(support.isPlatformAdmin());
    }

    @Test
    void membersSeeOnlyTheirOrganisations() {
        Caller viewer = paths.toCaller("v", List.of("/orgs/sme-one/viewer"));
        assertTrue(viewer.canSee("sme-one"));
        assertFalse(viewer.canSee("sme-two"));
        assertEquals(OrgRole.VIEWER, viewer.roleIn("sme-one").orElseThrow());
        assertTrue(viewer.roleIn("sme-two").isEmpty());
    }

    @Test
    void readsDataspaceGovernanceRoles() {
        var roles = GroupPaths.dataspaceRoles("/dataspaces/", java.util.List.of("/dataspaces/automotive-dataspace/authority-admin",
                "/dataspaces/x", "/dataspaces/a/b/c", "/orgs/oem/admin"));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Map.of("automotive-dataspace",
                new java.util.TreeSet<>(java.util.Set.of("authority-admin"))), roles);
    }

    @Test
    void callerCarriesTheHighestGovernanceRolePerDataspaceAndIgnoresUnknownOnes() {
        Caller c = new GroupPaths("/orgs/", "/platform/", "/dataspaces/").toCaller("greta", java.util.List.of(
                "/dataspaces/rhine-main/authority-viewer", "/dataspaces/rhine-main/authority-admin",
                "/dataspaces/baltic/authority-viewer", "/dataspaces/nordic/member", "/orgs/consortium/admin"));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Map.of("rhine-main", DataspaceRole.AUTHORITY_ADMIN,
                "baltic", DataspaceRole.AUTHORITY_VIEWER), c.dataspaceRoles());
        assertTrue(c.governs("baltic"));
        assertFalse(c.governs("nordic"));
    }

    @Test
    void permissionsFollowTheRoleAndPlatformStaffStatus() {
        Caller support = Caller.of("sam", java.util.Set.of(PlatformRole.SUPPORT), java.util.Map.of());
        java.util.List<String> supportRows = new java.util.ArrayList<>(Permission.grantedTo(OrgRole.VIEWER));
        supportRows.add(supportRows.indexOf(Permission.BILLING_PREVIEW.id()), Permission.BILLING_MANAGE.id()); // support reads invoices
        supportRows.add(Permission.JOINS_MANAGE.id()); // support unblocks joins
        org.junit.jupiter.api.Assertions.assertEquals(supportRows, Permission.of(support, "oem"));
        Caller stranger = Caller.of("x", java.util.Set.of(), java.util.Map.of("sme", OrgRole.ADMIN));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), Permission.of(stranger, "oem"));
        org.junit.jupiter.api.Assertions.assertTrue(Permission.of(stranger, "sme").contains("billing:manage"));
        org.junit.jupiter.api.Assertions.assertFalse(Permission.grantedTo(OrgRole.OPERATOR).contains("members:manage"));
    }
}
