package com.kaphera.cloud.governance;

import java.util.Locale;

/** A profile version's life: a draft is edited, published once, and deprecated when a newer one is published. */
public enum ProfileState {
    DRAFT, PUBLISHED, DEPRECATED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ProfileState fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
