package com.kaphera.cloud.persistence;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.resource.classpath.ClassPathResource;

/**
 * Hands Flyway the migrations listed in db/migration/INDEX. Liberty serves EAR libraries through
 * wsjar: URLs, which Flyway's classpath scanner cannot list; loading named resources works everywhere.
 */
final class IndexedMigrations implements ResourceProvider {
    static final String LOCATION = "db/migration";

    private final ClassLoader loader;
    private final List<String> names;

    IndexedMigrations(ClassLoader loader, String index) {
        this.loader = loader;
        this.names = index.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    @Override
    public LoadableResource getResource(String name) {
        String file = name.contains("/") ? name.substring(name.lastIndexOf('/') + 1) : name;
        return names.contains(file) ? resource(file) : null;
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return names.stream()
                .filter(n -> n.startsWith(prefix))
                .filter(n -> Arrays.stream(suffixes).anyMatch(n::endsWith))
                .map(this::resource)
                .toList();
    }

    private LoadableResource resource(String file) {
        return new ClassPathResource(new Location("classpath:" + LOCATION), LOCATION + "/" + file, loader,
                StandardCharsets.UTF_8);
    }
}
