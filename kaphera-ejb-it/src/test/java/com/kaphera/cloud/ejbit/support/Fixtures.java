package com.kaphera.cloud.ejbit.support;

import com.kaphera.cloud.organisation.NewOrganisation;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pilot-shaped data (governance authority, OEM, tier-1 with two legal entities, SMEs, logistics
 * provider). All tests share one database, so every slug gets a suffix unique to this run and call:
 * a test only ever sees the rows it made, whatever ran before it.
 */
public final class Fixtures {
    /** Each test class is its own deployment with its own copy of this class: the random part keeps them apart. */
    private static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Fixtures() {
    }

    /** {@code base} plus a unique suffix; a valid slug as long as {@code base} is at most 30 characters (6 random + counter). */
    public static String slug(String base) {
        return base + "-" + RUN + Integer.toString(SEQUENCE.incrementAndGet(), 36);
    }

    public static NewOrganisation oem(String slug) {
        return new NewOrganisation(slug, "Frankfurter Fahrzeugwerke AG (on-premise)", "DE-HRB-104711", null);
    }

    public static NewOrganisation tier1(String slug, String legalEntityId, String customerAccount) {
        return new NewOrganisation(slug, "Rheinland Komponenten " + legalEntityId, legalEntityId, customerAccount);
    }

    public static NewOrganisation sme(String slug) {
        return new NewOrganisation(slug, "Schwarzwald Präzisionsteile GmbH", null, null);
    }
}
