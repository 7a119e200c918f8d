package com.kaphera.cloud.tenancy.api;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * The caller as the console needs it: who, which organisations with which role and what that role
 * permits, platform roles and the platform permissions they grant, dataspace roles. {@code readsEveryOrganisation} tells platform staff apart:
 * their organisations are not listed here (use GET /api/v1/organisations).
 */
public record MeView(String subject, String username, String email, List<String> platformRoles,
        List<String> platformPermissions, boolean readsEveryOrganisation, List<Membership> organisations,
        Map<String, SortedSet<String>> dataspaceRoles,
        @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "Per dataspace the caller governs: "
                + "the governance permissions its role grants (governance:read, governance:manage, requests:decide)")
        Map<String, List<String>> dataspacePermissions) {

    /**
     * @param customerAccount the account the organisation belongs to (group several legal entities)
     * @param registered false when the token names an organisation the registry does not know (yet,
     *                   or any more): the console should not offer it
     */
    public record Membership(String slug, String displayName, String customerAccount, String role,
            boolean registered, List<String> permissions) {
    }
}
