package com.kaphera.cloud.tenancy;

import com.kaphera.cloud.common.AccessDeniedException;
import com.kaphera.cloud.common.NotFoundException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who may do what, in one table: the only place such a rule is written. The HTTP edge names a row
 * ({@code @RequiresPermission}) on every operation, the services that do the work check the same row
 * with {@link #require}, the console and CLI read a caller's rows from {@code GET /api/v1/me}, and
 * docs/security.md shows the table.
 *
 * <p>A row is either organisation-scoped (granted by a role in that organisation from
 * {@link #minimum}, or by a platform role) or platform-scoped (granted by platform roles only).
 * Platform admins and system principals hold every row; platform support holds the rows that list it.
 */
public enum Permission {
    ORGANISATION_READ("organisation:read", Scope.ORGANISATION, OrgRole.VIEWER, PlatformRole.SUPPORT),
    RESOURCES_READ("resources:read", Scope.ORGANISATION, OrgRole.VIEWER, PlatformRole.SUPPORT),
    RESOURCES_WATCH("resources:watch", Scope.ORGANISATION, OrgRole.VIEWER, PlatformRole.SUPPORT),
    /** The SME contact sees what happened to their connector: viewers read the log too. */
    AUDIT_READ("audit:read", Scope.ORGANISATION, OrgRole.VIEWER, PlatformRole.SUPPORT),
    RESOURCES_WRITE("resources:write", Scope.ORGANISATION, OrgRole.OPERATOR),
    ORGANISATION_UPDATE("organisation:update", Scope.ORGANISATION, OrgRole.ADMIN),
    MEMBERS_MANAGE("members:manage", Scope.ORGANISATION, OrgRole.ADMIN),
    /** The organisation's invoices (its own, and its customer account's) and its raw usage export: admins only. */
    BILLING_MANAGE("billing:manage", Scope.ORGANISATION, OrgRole.ADMIN, PlatformRole.SUPPORT),
    /** What the current period costs so far and at its end: the SME contact must not be surprised. */
    BILLING_PREVIEW("billing:preview", Scope.ORGANISATION, OrgRole.VIEWER, PlatformRole.SUPPORT),
    /** Reporting usage events (connectors, data planes): the organisation's service account, in its operator group. */
    USAGE_REPORT("usage:report", Scope.ORGANISATION, OrgRole.OPERATOR),
    AUDIT_CHECKPOINT("audit:checkpoint", Scope.ORGANISATION, OrgRole.ADMIN),
    /** An organisation's own dataspace memberships, requests and credentials; and discovering fellow members. */
    MEMBERSHIPS_READ("memberships:read", Scope.ORGANISATION, OrgRole.VIEWER, PlatformRole.SUPPORT),
    /** Applying to join a dataspace, changing the request's inputs, re-running its steps, withdrawing. */
    MEMBERSHIPS_APPLY("memberships:apply", Scope.ORGANISATION, OrgRole.ADMIN),
    /** Read the organisation's joins and follow them live. */
    JOINS_READ("joins:read", Scope.ORGANISATION, OrgRole.VIEWER, PlatformRole.SUPPORT),
    /** Start a join (it creates a membership request, an identity and a connector). */
    JOINS_START("joins:start", Scope.ORGANISATION, OrgRole.ADMIN),
    /** Retry or skip a step, cancel, report an on-premise connector; platform support may too. */
    JOINS_MANAGE("joins:manage", Scope.ORGANISATION, OrgRole.ADMIN, PlatformRole.SUPPORT),

    /** The governance side of one dataspace: profile drafts, requests, issued credentials, issuer keys. */
    GOVERNANCE_READ("governance:read", DataspaceRole.AUTHORITY_VIEWER, PlatformRole.SUPPORT),
    /** Editing, publishing and deprecating the profile; rotating issuer keys; revoking credentials. */
    GOVERNANCE_MANAGE("governance:manage", DataspaceRole.AUTHORITY_ADMIN),
    /** Approving, rejecting and re-running a membership request's steps. */
    REQUESTS_DECIDE("requests:decide", DataspaceRole.AUTHORITY_ADMIN),
    /** Retry or skip a step of a join into the dataspace (the authority helping an applicant along). */
    JOINS_INTERVENE("joins:intervene", DataspaceRole.AUTHORITY_ADMIN, PlatformRole.SUPPORT),

    ORGANISATIONS_CREATE("organisations:create", Scope.PLATFORM, null),
    ORGANISATIONS_DELETE("organisations:delete", Scope.PLATFORM, null),
    /** Moving an organisation between customer accounts: billing data, so platform admins only. */
    ORGANISATIONS_ASSIGN_ACCOUNT("organisations:assign-account", Scope.PLATFORM, null),
    ACCOUNTS_READ("customer-accounts:read", Scope.PLATFORM, null, PlatformRole.SUPPORT),
    ACCOUNTS_OPEN("customer-accounts:open", Scope.PLATFORM, null),
    FLEET_READ("fleet:read", Scope.PLATFORM, null, PlatformRole.SUPPORT),
    /** The platform's own chain: customer accounts, and refusals naming no organisation the caller sees. */
    PLATFORM_AUDIT_READ("platform-audit:read", Scope.PLATFORM, null, PlatformRole.SUPPORT),
    AUDIT_CHECKPOINT_ALL("platform-audit:checkpoint", Scope.PLATFORM, null),
    /** Announcing that a chain's oldest entries will be removed (retention); the owner role then removes them. */
    AUDIT_RETENTION("audit:retention", Scope.PLATFORM, null),
    /** Reading plans, subscriptions, invoice runs, parked accounts and every invoice. */
    BILLING_READ_ALL("billing:read", Scope.PLATFORM, null, PlatformRole.SUPPORT),
    /** Plans, subscriptions, invoice runs, releasing parked accounts, issuing, paying, voiding and crediting invoices. */
    BILLING_OPERATE("billing:operate", Scope.PLATFORM, null),
    /** Setting up a dataspace for a governance authority (a contract between Kaphera and the consortium). */
    DATASPACES_CREATE("dataspaces:create", Scope.PLATFORM, null);

    /** Whether a row is checked against an organisation, a dataspace or neither. */
    public enum Scope { ORGANISATION, DATASPACE, PLATFORM }

    private final String id;
    private final Scope scope;
    private final OrgRole minimum;
    private final DataspaceRole governanceMinimum;
    private final Set<PlatformRole> platformRoles;

    Permission(String id, Scope scope, OrgRole minimum, PlatformRole... platformRoles) {
        this.id = id;
        this.scope = scope;
        this.minimum = minimum;
        this.governanceMinimum = null;
        this.platformRoles = EnumSet.of(PlatformRole.ADMIN, platformRoles);
    }

    Permission(String id, DataspaceRole minimum, PlatformRole... platformRoles) {
        this.id = id;
        this.scope = Scope.DATASPACE;
        this.minimum = null;
        this.governanceMinimum = minimum;
        this.platformRoles = EnumSet.of(PlatformRole.ADMIN, platformRoles);
    }

    public String id() {
        return id;
    }

    public Scope scope() {
        return scope;
    }

    /** The least organisation role that grants this row; null when no organisation role does. */
    public OrgRole minimum() {
        return minimum;
    }

    /** The least governance role that grants this dataspace-scoped row; null for other rows. */
    public DataspaceRole governanceMinimum() {
        return governanceMinimum;
    }

    /**
     * Whether {@code caller} has this permission in {@code scopeId}: an organisation's slug for
     * organisation-scoped rows, a dataspace's id for dataspace-scoped ones.
     */
    public boolean allows(Caller caller, String scopeId) {
        if (scope == Scope.PLATFORM) {
            return allows(caller);
        }
        if (grantedByPlatform(caller)) {
            return true;
        }
        if (scope == Scope.DATASPACE) {
            return caller.roleInDataspace(scopeId).map(r -> r.includes(governanceMinimum)).orElse(false);
        }
        return minimum != null && caller.roleIn(scopeId).map(r -> r.includes(minimum)).orElse(false);
    }

    /** Whether {@code caller} has this platform-scoped permission. */
    public boolean allows(Caller caller) {
        if (scope != Scope.PLATFORM) {
            throw new IllegalStateException(id + " is checked against an " + scope.name().toLowerCase(java.util.Locale.ROOT));
        }
        return grantedByPlatform(caller);
    }

    /**
     * Refuses unless {@code caller} has this permission in {@code orgSlug} (for a dataspace-scoped row:
     * in the dataspace of that id): a caller who may not know
     * the organisation exists gets {@link NotFoundException} (existence is not revealed), one who sees
     * it but lacks the permission {@link AccessDeniedException}.
     */
    public void require(Caller caller, String orgSlug) {
        if (scope == Scope.PLATFORM) {
            require(caller);
            return;
        }
        if (scope == Scope.DATASPACE) {
            requireInDataspace(caller, orgSlug);
            return;
        }
        if (!caller.canSee(orgSlug)) {
            throw new NotFoundException("organisation", orgSlug);
        }
        if (!allows(caller, orgSlug)) {
            throw new AccessDeniedException("This operation needs the permission '" + id + "' (role '"
                    + (minimum == null ? "platform admin" : minimum.id()) + "' or above) in organisation '"
                    + orgSlug + "'");
        }
    }

    /**
     * A caller with no governance role in the dataspace gets {@link NotFoundException} (its governance
     * side does not exist for them, whatever the directory shows); a lesser role {@link AccessDeniedException}.
     */
    private void requireInDataspace(Caller caller, String dataspace) {
        if (!caller.governs(dataspace)) {
            throw new NotFoundException("dataspace", dataspace);
        }
        if (!allows(caller, dataspace)) {
            throw new AccessDeniedException("This operation needs the permission '" + id + "' (role '"
                    + governanceMinimum.id() + "') in dataspace '" + dataspace + "'");
        }
    }

    /** Refuses unless {@code caller} has this platform-scoped permission. */
    public void require(Caller caller) {
        if (!allows(caller)) {
            throw new AccessDeniedException("This operation needs the permission '" + id + "' (platform role "
                    + platformRoles.stream().map(PlatformRole::id).sorted().toList() + ")");
        }
    }

    /** Every organisation permission {@code role} grants, in table order. */
    public static List<String> grantedTo(OrgRole role) {
        return Arrays.stream(values())
                .filter(p -> p.scope == Scope.ORGANISATION && p.minimum != null && role.includes(p.minimum))
                .map(Permission::id).toList();
    }

    /** What a caller may do in {@code orgSlug}, given platform roles and its own role there. */
    public static List<String> of(Caller caller, String orgSlug) {
        return Arrays.stream(values()).filter(p -> p.scope == Scope.ORGANISATION && p.allows(caller, orgSlug))
                .map(Permission::id).toList();
    }

    /** What a caller may do in dataspace {@code dataspace}'s governance. */
    public static List<String> inDataspace(Caller caller, String dataspace) {
        return Arrays.stream(values()).filter(p -> p.scope == Scope.DATASPACE && p.allows(caller, dataspace))
                .map(Permission::id).toList();
    }

    /** The platform-scoped permissions a caller holds (none for organisation members). */
    public static List<String> platformOf(Caller caller) {
        return Arrays.stream(values()).filter(p -> p.scope == Scope.PLATFORM && p.allows(caller))
                .map(Permission::id).toList();
    }

    private boolean grantedByPlatform(Caller caller) {
        return caller.isSystem() || caller.platformRoles().stream().anyMatch(platformRoles::contains);
    }
}
