package com.kaphera.cloud.tenancy;

import java.util.Arrays;
import java.util.List;

/**
 * What each organisation role permits, in one table, the only place such a rule is written: the
 * HTTP edge enforces it ({@code @RequiresPermission} on each organisation-scoped operation), the
 * console and CLI read it from {@code GET /api/v1/me} to hide what a user may not do, and
 * docs/security.md shows the same table.
 */
public enum Permission {
    ORGANISATION_READ("organisation:read", OrgRole.VIEWER),
    RESOURCES_READ("resources:read", OrgRole.VIEWER),
    RESOURCES_WATCH("resources:watch", OrgRole.VIEWER),
    RESOURCES_WRITE("resources:write", OrgRole.OPERATOR),
    ORGANISATION_UPDATE("organisation:update", OrgRole.ADMIN),
    MEMBERS_MANAGE("members:manage", OrgRole.ADMIN),
    BILLING_MANAGE("billing:manage", OrgRole.ADMIN);

    private final String id;
    private final OrgRole minimum;

    Permission(String id, OrgRole minimum) {
        this.id = id;
        this.minimum = minimum;
    }

    public String id() {
        return id;
    }

    public OrgRole minimum() {
        return minimum;
    }

    /** Every permission {@code role} grants, in table order. */
    public static List<String> grantedTo(OrgRole role) {
        return Arrays.stream(values()).filter(p -> role.includes(p.minimum)).map(Permission::id).toList();
    }

    /** Whether {@code caller} has this permission in {@code orgSlug} (platform roles included). */
    public boolean allows(Caller caller, String orgSlug) {
        return caller.holds(orgSlug, minimum);
    }

    /** What a caller may do in {@code orgSlug}, given platform roles and its own role there. */
    public static List<String> of(Caller caller, String orgSlug) {
        return Arrays.stream(values()).filter(p -> p.allows(caller, orgSlug)).map(Permission::id).toList();
    }
}
