package com.kaphera.cloud.tenancy;

import java.util.Optional;

/**
 * A caller's governance role in one dataspace, from the token's groups
 * ({@code /dataspaces/{dataspace}/authority-admin}); each role includes the ones before it. Held by
 * the people of the dataspace's governance authority, whatever organisation they belong to.
 */
public enum DataspaceRole {
    /** Reads the profile drafts, the requests and the issued credentials. */
    AUTHORITY_VIEWER("authority-viewer"),
    /** Also edits and publishes the profile, decides requests, revokes credentials, rotates keys. */
    AUTHORITY_ADMIN("authority-admin");

    private final String id;

    DataspaceRole(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public boolean includes(DataspaceRole required) {
        return compareTo(required) >= 0;
    }

    public static Optional<DataspaceRole> fromId(String id) {
        for (DataspaceRole r : values()) {
            if (r.id.equals(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
