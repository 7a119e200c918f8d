package com.kaphera.cloud.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Answers "can this server use its database right now?" for readiness, quickly and without a transaction. */
@ApplicationScoped
public class DatabaseStatus {
    private static final int PING_TIMEOUT_SECONDS = 2;

    @Resource(lookup = "jdbc/kapheraMigrations")
    DataSource dataSource;

    @Inject
    DatabaseMigrator migrator;

    /** A short verdict: ready with the schema version, or why not (no credentials or host names). */
    public Verdict check() {
        try {
            String version = migrator.migrate();
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.setQueryTimeout(PING_TIMEOUT_SECONDS);
                s.execute("SELECT 1");
            }
            return new Verdict(true, version, null);
        } catch (SQLException | RuntimeException e) {
            return new Verdict(false, migrator.schemaVersion().orElse(null), "database unreachable ("
                    + (e instanceof SQLException sql && sql.getSQLState() != null ? "SQLState " + sql.getSQLState()
                    : e.getClass().getSimpleName()) + ")");
        }
    }

    public record Verdict(boolean up, String schemaVersion, String reason) {
    }
}
