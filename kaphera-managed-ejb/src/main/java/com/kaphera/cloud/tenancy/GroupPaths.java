package com.kaphera.cloud.tenancy;

import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads roles out of Keycloak group paths, as the token's groups claim carries them:
 * {@code /orgs/{slug}/{viewer|operator|admin}} and {@code /platform/{admin|support}}. The prefixes
 * are configurable ({@code kaphera.auth.org-group-prefix}, {@code kaphera.auth.platform-group-prefix});
 * anything else in the claim is ignored. Several roles in one organisation collapse to the highest.
 */
public final class GroupPaths {
    private final String orgPrefix;
    private final String platformPrefix;
    private final String dataspacePrefix;

    public GroupPaths(String orgPrefix, String platformPrefix) {
        this(orgPrefix, platformPrefix, "/dataspaces/");
    }

    public GroupPaths(String orgPrefix, String platformPrefix, String dataspacePrefix) {
        this.orgPrefix = withSlashes(orgPrefix);
        this.platformPrefix = withSlashes(platformPrefix);
        this.dataspacePrefix = withSlashes(dataspacePrefix);
    }

    public Caller toCaller(String subject, Collection<String> groups) {
        Set<PlatformRole> platform = EnumSet.noneOf(PlatformRole.class);
        Map<String, OrgRole> orgs = new HashMap<>();
        for (String group : groups) {
            if (group == null) {
                continue;
            }
            if (group.startsWith(platformPrefix)) {
                PlatformRole.fromId(group.substring(platformPrefix.length())).ifPresent(platform::add);
            } else if (group.startsWith(orgPrefix)) {
                String rest = group.substring(orgPrefix.length());
                int slash = rest.indexOf('/');
                if (slash > 0 && rest.indexOf('/', slash + 1) < 0) {
                    String slug = rest.substring(0, slash);
                    OrgRole.fromId(rest.substring(slash + 1))
                            .ifPresent(role -> orgs.merge(slug, role, (a, b) -> a.includes(b) ? a : b));
                }
            }
        }
        Map<String, DataspaceRole> governance = new HashMap<>();
        dataspaceRoles(dataspacePrefix, groups).forEach((dataspace, roles) -> roles.stream()
                .map(DataspaceRole::fromId).flatMap(java.util.Optional::stream)
                .forEach(role -> governance.merge(dataspace, role, (a, b) -> a.includes(b) ? a : b)));
        return Caller.of(subject, platform, orgs, governance);
    }

    private static String withSlashes(String prefix) {
        String p = prefix.startsWith("/") ? prefix : "/" + prefix;
        return p.endsWith("/") ? p : p + "/";
    }

    /**
     * Dataspace governance roles, {@code /dataspaces/{id}/{role}} (e.g. {@code authority-admin}),
     * as dataspace id to roles; read with the given prefix ({@code kaphera.auth.dataspace-group-prefix}).
     */
    public static java.util.SortedMap<String, java.util.SortedSet<String>> dataspaceRoles(String prefix,
            Collection<String> groups) {
        String p = withSlashes(prefix);
        java.util.SortedMap<String, java.util.SortedSet<String>> roles = new java.util.TreeMap<>();
        for (String group : groups) {
            if (group != null && group.startsWith(p)) {
                String[] parts = group.substring(p.length()).split("/", -1);
                if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
                    roles.computeIfAbsent(parts[0], d -> new java.util.TreeSet<>()).add(parts[1]);
                }
            }
        }
        return roles;
    }
}
