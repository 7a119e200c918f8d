package com.kaphera.cloud.edition;

import java.util.Locale;

/** Which product this server is: chosen once, by {@code kaphera.edition}. */
public enum Edition {
    /** Self-hosted / bring-your-own-cloud: CRUD over the operators' resources, nothing SaaS-only. */
    BYOC,
    /** cloud.kaphera.com: everything in BYOC plus directory, joins, billing, audit, fleet. */
    MANAGED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Edition parse(String value) {
        for (Edition e : values()) {
            if (e.id().equalsIgnoreCase(value == null ? "" : value.strip())) {
                return e;
            }
        }
        throw new IllegalArgumentException("kaphera.edition must be 'byoc' or 'managed', not '" + value + "'");
    }
}
