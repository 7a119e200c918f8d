package com.kaphera.cloud.common;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The one clock reading for stored times. */
public final class Times {
    private Times() {
    }

    /** Now, to the microsecond: PostgreSQL keeps microseconds, so a value handed back equals the one read back later. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
