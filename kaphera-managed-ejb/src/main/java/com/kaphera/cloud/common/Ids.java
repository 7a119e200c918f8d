package com.kaphera.cloud.common;

import java.security.SecureRandom;
import java.util.UUID;

/** Identifiers we hand out. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /**
     * A UUID version 7 (RFC 9562): milliseconds since the epoch, then random bits. Sorting by it
     * sorts by creation time, so listings page newest-first on the primary key alone.
     */
    public static UUID timeOrdered() {
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0fffL);
        long low = (RANDOM.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
