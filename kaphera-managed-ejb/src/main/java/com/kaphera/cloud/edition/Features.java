package com.kaphera.cloud.edition;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * The edition and the set of features it switches on, resolved once from MicroProfile Config.
 * {@code kaphera.features.<id>.enabled} overrides the edition's default for one feature, except that
 * a managed-only feature can never be switched on in the BYOC edition.
 */
public final class Features {
    public static final String EDITION_KEY = "kaphera.edition";

    private final Edition edition;
    private final EnumSet<Feature> enabled = EnumSet.noneOf(Feature.class);

    public Features(Edition edition, Set<Feature> enabled) {
        this.edition = edition;
        this.enabled.addAll(enabled);
    }

    public static Features from(Config config) {
        Edition edition = Edition.parse(config.getOptionalValue(EDITION_KEY, String.class).orElse("managed"));
        Set<Feature> enabled = EnumSet.noneOf(Feature.class);
        for (Feature f : Feature.values()) {
            boolean on = f.includedIn(edition)
                    && config.getOptionalValue("kaphera.features." + f.id() + ".enabled", Boolean.class)
                            .orElse(f.onByDefaultIn(edition));
            if (on) {
                enabled.add(f);
            }
        }
        return new Features(edition, enabled);
    }

    public Edition edition() {
        return edition;
    }

    public boolean isEnabled(Feature feature) {
        return enabled.contains(feature);
    }

    public Set<Feature> enabled() {
        return EnumSet.copyOf(enabled);
    }

    /** The disabled feature that owns this request path, if any (for the 404 gate and the OpenAPI filter). */
    public Optional<Feature> disabledFeatureOwning(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        return Arrays.stream(Feature.values())
                .filter(f -> !enabled.contains(f))
                .filter(f -> f.owns(p))
                .findFirst();
    }
}
