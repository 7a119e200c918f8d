package com.kaphera.cloud.tenancy;

import java.util.Locale;
import java.util.Optional;

/** Kaphera's own operations staff, across all organisations. */
public enum PlatformRole {
    /** Acts on any organisation, creates and deletes organisations. */
    ADMIN,
    /** Reads any organisation, for fleet operations; never writes. */
    SUPPORT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PlatformRole> fromId(String id) {
        for (PlatformRole r : values()) {
            if (r.id().equals(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
