package com.kaphera.cloud.tenancy;

import java.util.Locale;
import java.util.Optional;

/** A caller's role inside one organisation; each role includes the ones before it. */
public enum OrgRole {
    /** Reads status, contracts and audit of its organisation; never writes, never sees secrets. */
    VIEWER,
    /** Also manages connectors and resources. */
    OPERATOR,
    /** Also manages members' access and billing data. */
    ADMIN;

    public boolean includes(OrgRole required) {
        return compareTo(required) >= 0;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OrgRole> fromId(String id) {
        for (OrgRole r : values()) {
            if (r.id().equals(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
