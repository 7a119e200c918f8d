package com.kaphera.cloud.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Applies db-migrations with Flyway when the application starts. If PostgreSQL is not reachable then,
 * the server still starts (liveness stays UP) and readiness keeps retrying the migration, so a
 * database that comes up later is picked up without a restart.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DatabaseMigrator {
    private static final Logger LOG = Logger.getLogger(DatabaseMigrator.class.getName());

    /** Non-transactional datasource: Flyway manages its own transactions. */
    @Resource(lookup = "jdbc/kapheraMigrations")
    DataSource dataSource;

    /** The role the application's datasource connects as: the migrations grant it what it may do. */
    @Inject
    @ConfigProperty(name = "kaphera.db.user", defaultValue = "kaphera")
    String appUser;

    private volatile String schemaVersion;

    @PostConstruct
    void migrateAtStart() {
        try {
            migrate();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Database migration at start-up failed; readiness will retry: {0}",
                    com.kaphera.cloud.common.Failures.rootMessage(e));
        }
    }

    /** Migrates once; later calls only answer. Throws while the database is unreachable. */
    public synchronized String migrate() {
        if (schemaVersion == null) {
            MigrateResult result = flyway(dataSource, appUser).migrate();
            schemaVersion = result.targetSchemaVersion != null ? result.targetSchemaVersion
                    : flyway(dataSource, appUser).info().current().getVersion().getVersion();
            LOG.log(Level.INFO, "Database schema at version {0} ({1} migrations applied now)",
                    new Object[] {schemaVersion, result.migrationsExecuted});
        }
        return schemaVersion;
    }

    public Optional<String> schemaVersion() {
        return Optional.ofNullable(schemaVersion);
    }

    /** The one Flyway configuration, shared with tests that migrate a database by hand. */
    public static Flyway flyway(DataSource dataSource, String appUser) {
        return Flyway.configure(DatabaseMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .placeholders(Map.of("appUser", appUser))
                .resourceProvider(new IndexedMigrations(DatabaseMigrator.class.getClassLoader(), index()))
                // Callbacks live beside the migrations (none yet); the default db/callback does not exist.
                .callbackLocations("classpath:" + IndexedMigrations.LOCATION)
                .failOnMissingLocations(false)
                .load();
    }

    private static String index() {
        try (InputStream in = DatabaseMigrator.class.getClassLoader()
                .getResourceAsStream(IndexedMigrations.LOCATION + "/INDEX")) {
            if (in == null) {
                throw new IllegalStateException("db-migrations is missing from the application (no "
                        + IndexedMigrations.LOCATION + "/INDEX)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the migration index", e);
        }
    }
}
