package com.kaphera.cloud.edition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class FeaturesTest {

    @Test
    void editionNamesAreStrict() {
        assertEquals(Edition.BYOC, Edition.parse(" BYOC "));
        assertEquals(Edition.MANAGED, Edition.parse("managed"));
        assertThrows(IllegalArgumentException.class, () -> Edition.parse("saas"));
        assertThrows(IllegalArgumentException.class, () -> Edition.parse(null));
    }

    @Test
    void byocNeverIncludesManagedOnlyFeatures() {
        for (Feature f : Feature.values()) {
            assertEquals(!f.managedOnly(), f.includedIn(Edition.BYOC), f.id());
            assertTrue(f.includedIn(Edition.MANAGED), f.id());
        }
    }

    @Test
    void theAuditLogIsOnInManagedAndOptInForByoc() {
        assertTrue(Feature.AUDIT.onByDefaultIn(Edition.MANAGED));
        assertFalse(Feature.AUDIT.onByDefaultIn(Edition.BYOC));
        assertTrue(Feature.AUDIT.includedIn(Edition.BYOC));
    }

    @Test
    void disabledFeatureOwnsItsBasePathAndEverythingBelowIt() {
        Features byoc = new Features(Edition.BYOC, EnumSet.of(Feature.ORGANISATIONS));
        assertEquals(Feature.FLEET, byoc.disabledFeatureOwning("/api/v1/fleet").orElseThrow());
        assertEquals(Feature.FLEET, byoc.disabledFeatureOwning("api/v1/fleet/organisations").orElseThrow());
        assertFalse(byoc.disabledFeatureOwning("/api/v1/fleetwide").isPresent(), "prefix of a segment only");
        assertFalse(byoc.disabledFeatureOwning("/api/v1/organisations/oem").isPresent());
        assertEquals(Feature.AUDIT, byoc.disabledFeatureOwning("/api/v1/organisations/oem/audit/verify").orElseThrow());
        assertEquals(Feature.AUDIT, byoc.disabledFeatureOwning("/api/v1/organisations/{org}/audit").orElseThrow());
        assertEquals(Feature.RESOURCES, byoc.disabledFeatureOwning("/api/v1/organisations/oem/resources/audit").orElseThrow());
    }
}
