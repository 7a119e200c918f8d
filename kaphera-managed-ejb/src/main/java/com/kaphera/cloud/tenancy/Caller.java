package com.kaphera.cloud.tenancy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Who is calling, as far as authorisation cares: a subject, its platform roles and its role in each
 * organisation (by slug). Built once per request from the verified token, or for the server's own
 * work (timers, workflows, caches) as a system principal; services take it as a parameter and check
 * it against {@link Permission} instead of reading security context themselves.
 */
public record Caller(String subject, Set<PlatformRole> platformRoles, SortedMap<String, OrgRole> orgRoles,
        SortedMap<String, DataspaceRole> dataspaceRoles, boolean isSystem) {
    /** Subjects of system principals start with this; only {@link #system} makes one, never a token. */
    public static final String SYSTEM_PREFIX = "system:";

    public Caller {
        platformRoles = Set.copyOf(platformRoles);
        orgRoles = new TreeMap<>(orgRoles);
        dataspaceRoles = new TreeMap<>(dataspaceRoles);
    }

    /** A person or service account, as its verified token describes it. */
    public static Caller of(String subject, Set<PlatformRole> platformRoles, Map<String, OrgRole> orgRoles) {
        return of(subject, platformRoles, orgRoles, Map.of());
    }

    /** The same, with governance roles in dataspaces (dataspace id to role). */
    public static Caller of(String subject, Set<PlatformRole> platformRoles, Map<String, OrgRole> orgRoles,
            Map<String, DataspaceRole> dataspaceRoles) {
        return new Caller(subject, platformRoles, new TreeMap<>(orgRoles), new TreeMap<>(dataspaceRoles), false);
    }

    /**
     * The server acting on its own behalf ({@code purpose}: "billing-run", "namespace-lookup"): holds
     * every permission, and is named as such wherever it is recorded.
     */
    public static Caller system(String purpose) {
        return new Caller(SYSTEM_PREFIX + purpose, Set.of(), new TreeMap<>(), new TreeMap<>(), true);
    }

    public boolean isPlatformAdmin() {
        return platformRoles.contains(PlatformRole.ADMIN);
    }

    /** Platform admins, support staff and system principals read every organisation. */
    public boolean readsEveryOrganisation() {
        return isSystem || isPlatformAdmin() || platformRoles.contains(PlatformRole.SUPPORT);
    }

    public Optional<OrgRole> roleIn(String orgSlug) {
        return Optional.ofNullable(orgRoles.get(orgSlug));
    }

    public Optional<DataspaceRole> roleInDataspace(String dataspace) {
        return Optional.ofNullable(dataspaceRoles.get(dataspace));
    }

    /** Whether the caller may see a dataspace's governance side (drafts, requests, issued credentials). */
    public boolean governs(String dataspace) {
        return readsEveryOrganisation() || dataspaceRoles.containsKey(dataspace);
    }

    /** Whether the caller may know that this organisation exists at all. */
    public boolean canSee(String orgSlug) {
        return readsEveryOrganisation() || orgRoles.containsKey(orgSlug);
    }
}
