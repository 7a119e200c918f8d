package com.kaphera.cloud.governance.credentials.dcp;

import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * A credential's {@code credentialStatus}: a {@code BitstringStatusListEntry} pointing at one bit of a published
 * status list credential. EDC 0.15 reads {@code statusListCredential}, {@code statusListIndex} (string or number),
 * {@code statusPurpose} and needs {@code id} and {@code type} present; {@code statusSize} is left out (1 bit).
 *
 * @param id                   the entry's id, by convention {@code <statusListCredential>#<index>}
 * @param statusPurpose        {@code revocation} or {@code suspension}
 * @param statusListIndex      the bit, 0-based
 * @param statusListCredential where the status list credential is published
 */
public record StatusEntry(String id, String statusPurpose, int statusListIndex, URI statusListCredential) {
    /** The status entry type EDC 0.15 registers a revocation service for (W3C Bitstring Status List v1.0). */
    public static final String TYPE = "BitstringStatusListEntry";
    public static final String REVOCATION = "revocation";
    public static final String SUSPENSION = "suspension";
    private static final Set<String> PURPOSES = Set.of(REVOCATION, SUSPENSION);

    public StatusEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(statusListCredential, "statusListCredential");
        if (!PURPOSES.contains(statusPurpose)) {
            throw new IllegalArgumentException("A status purpose is 'revocation' or 'suspension', not " + Untrusted.quote(statusPurpose) + ".");
        }
        if (statusListIndex < 0) {
            throw new IllegalArgumentException("A status list index is 0 or more.");
        }
        if (!statusListCredential.isAbsolute()) {
            throw new IllegalArgumentException("The status list credential address must be an absolute URL.");
        }
    }

    /** The revocation bit {@code index} of the list published at {@code statusListCredential}. */
    public static StatusEntry revocation(URI statusListCredential, int index) {
        return new StatusEntry(statusListCredential + "#" + index, REVOCATION, index, statusListCredential);
    }
}
