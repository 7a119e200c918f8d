package com.kaphera.cloud.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(List.of("organisation:read", "resources:read", "resources:watch"), Permission.of(member(OrgRole.VIEWER), ORG));
        assertTrue(Permission.RESOURCES_WRITE.allows(member(OrgRole.OPERATOR), ORG));
        assertFalse(Permission.ORGANISATION_UPDATE.allows(member(OrgRole.OPERATOR), ORG));
        assertEquals(Permission.values().length, Permission.of(member(OrgRole.ADMIN), ORG).size());
    }

    @Test
    void nothingInAnotherOrganisation() {
        assertEquals(List.of(), Permission.of(member(OrgRole.ADMIN), "oem-frankfurt"));
        assertFalse(Permission.RESOURCES_READ.allows(member(OrgRole.ADMIN), "oem-frankfurt"));
    }

    @Test
    void platformAdminsMayDoEverythingAndSupportOnlyRead() {
        Caller admin = Caller.of("lars", Set.of(PlatformRole.ADMIN), Map.of());
        Caller support = Caller.of("sven", Set.of(PlatformRole.SUPPORT), Map.of());
        assertTrue(Permission.BILLING_MANAGE.allows(admin, ORG));
        assertEquals(List.of("organisation:read", "resources:read", "resources:watch"), Permission.of(support, ORG));
        assertFalse(Permission.RESOURCES_WRITE.allows(support, ORG));
    }
}
