package com.kaphera.cloud.tenancy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Who is calling, as far as authorisation cares: a subject, its platform roles and its role in each
 * organisation (by slug). Built once per request from the verified token; services take it as a
 * parameter instead of reading security context themselves.
 */
public record Caller(String subject, Set<PlatformRole> platformRoles, SortedMap<String, OrgRole> orgRoles) {

    public Caller {
        platformRoles = Set.copyOf(platformRoles);
        orgRoles = new TreeMap<>(orgRoles);
    }

    public static Caller of(String subject, Set<PlatformRole> platformRoles, Map<String, OrgRole> orgRoles) {
        return new Caller(subject, platformRoles, new TreeMap<>(orgRoles));
    }

    public boolean isPlatformAdmin() {
        return platformRoles.contains(PlatformRole.ADMIN);
    }

    /** Platform admins and support staff read every organisation. */
    public boolean readsEveryOrganisation() {
        return isPlatformAdmin() || platformRoles.contains(PlatformRole.SUPPORT);
    }

    public Optional<OrgRole> roleIn(String orgSlug) {
        return Optional.ofNullable(orgRoles.get(orgSlug));
    }

    /** Whether the caller may know that this organisation exists at all. */
    public boolean canSee(String orgSlug) {
        return readsEveryOrganisation() || orgRoles.containsKey(orgSlug);
    }

    /**
     * Whether the caller holds at least {@code required} in the organisation. Platform admins act on
     * any organisation; platform support only reads ({@link OrgRole#VIEWER}).
     */
    public boolean holds(String orgSlug, OrgRole required) {
        if (isPlatformAdmin()) {
            return true;
        }
        if (required == OrgRole.VIEWER && readsEveryOrganisation()) {
            return true;
        }
        return roleIn(orgSlug).map(r -> r.includes(required)).orElse(false);
    }
}
