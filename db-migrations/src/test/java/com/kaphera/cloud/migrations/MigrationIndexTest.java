package com.kaphera.cloud.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The server cannot scan its own EAR for migrations (Liberty serves jars through wsjar: URLs that
 * Flyway does not scan), so it reads db/migration/INDEX. These tests keep the index honest.
 */
class MigrationIndexTest {

    private static final Path DIR = Path.of("src/main/resources/db/migration");
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__[a-z0-9_]+\\.sql");

    @Test
    void indexListsEveryMigrationFileInVersionOrder() throws IOException {
        List<String> onDisk;
        try (Stream<Path> files = Files.list(DIR)) {
            onDisk = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".sql"))
                    .sorted((a, b) -> Integer.compare(version(a), version(b)))
                    .toList();
        }
        List<String> index = Files.readAllLines(DIR.resolve("INDEX")).stream()
                .map(String::strip).filter(l -> !l.isEmpty()).toList();
        assertEquals(onDisk, index, "db/migration/INDEX must list every migration, in version order");
    }

    @Test
    void migrationNamesFollowTheVersionedConvention() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .forEach(n -> assertTrue(VERSIONED.matcher(n).matches(), n + " is not V<n>__<lower_snake>.sql"));
        }
    }

    private static int version(String name) {
        var m = VERSIONED.matcher(name);
        return m.matches() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }
}
