package com.kaphera.cloud.ejbit.support;

import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.OrgRole;
import com.kaphera.cloud.tenancy.PlatformRole;
import java.util.Map;
import java.util.Set;

/** Callers as the HTTP edge builds them from a verified token, for services that take the caller. */
public final class Callers {
    private Callers() {
    }

    public static Caller of(String subject, Set<PlatformRole> platformRoles, Map<String, OrgRole> orgRoles) {
        return Caller.of(subject, platformRoles, orgRoles);
    }

    /** Kaphera operations staff who create and delete organisations. */
    /** An authority admin of {@code dataspace}, as the token's group /dataspaces/{dataspace}/authority-admin makes one. */
    public static Caller authorityAdmin(String subject, String dataspace) {
        return Caller.of(subject, Set.of(), Map.of(), Map.of(dataspace, com.kaphera.cloud.tenancy.DataspaceRole.AUTHORITY_ADMIN));
    }

    public static Caller platformAdmin() {
        return of("lars.platform-admin", Set.of(PlatformRole.ADMIN), Map.of());
    }

    /** A member of some organisations only, with no platform role. */
    public static Caller member(String subject, Map<String, OrgRole> orgRoles) {
        return of(subject, Set.of(), orgRoles);
    }
}
