package com.kaphera.cloud.it.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths the build hands the tests (kaphera-it/pom.xml, failsafe system properties). */
public final class Config {
    private Config() {
    }

    static Path wlp() {
        return path("kaphera.it.wlp");
    }

    static Path artifacts() {
        return path("kaphera.it.artifacts");
    }

    static Path libertyConfig() {
        return path("kaphera.it.config");
    }

    /** The repository's top folder: crds/, deploy/, dev/seed/. */
    public static Path repo() {
        return path("kaphera.it.repo");
    }

    static Path scripts() {
        return path("kaphera.it.scripts");
    }

    public static Path work() {
        Path p = Path.of(System.getProperty("kaphera.it.work", "target/it-work")).toAbsolutePath();
        try {
            Files.createDirectories(p);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }

    private static Path path(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(key + " is not set: run the integration tests through Maven (make test)");
        }
        return Path.of(value).toAbsolutePath();
    }
}
