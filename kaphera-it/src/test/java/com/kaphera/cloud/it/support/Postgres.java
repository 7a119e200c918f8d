package com.kaphera.cloud.it.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The throwaway PostgreSQL cluster of this test run, driven through scripts/pg.sh (the same as make run). */
public final class Postgres {
    /** The owner role: runs the migrations (and, in tests, plays the database administrator). */
    public static final String USER = "kaphera";
    public static final String PASSWORD = "kaphera-dev";
    /** The role the server connects as: no UPDATE or DELETE on the audit tables. */
    public static final String APP_USER = "kaphera_app";
    public static final String APP_PASSWORD = "kaphera-dev";

    private final Path dir;
    private final int port;

    Postgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public void start() {
        Processes.run(Config.scripts().resolve("pg.sh").toString(), "start", dir.toString(), Integer.toString(port));
    }

    public void stop() {
        Processes.run(Config.scripts().resolve("pg.sh").toString(), "stop", dir.toString(), Integer.toString(port));
    }

    public String jdbcUrl() {
        return jdbcUrl("kaphera");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** As the owner role. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    /** As the application's role, with exactly the privileges the server has. */
    public Connection connectAsApplication() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), APP_USER, APP_PASSWORD);
    }

    /** A new, empty database owned by the application's role (for migration tests). */
    public String createDatabase(String name) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
        }
        Processes.run(Config.scripts().resolve("pg.sh").toString(), "psql", dir.toString(), Integer.toString(port),
                "-c", "CREATE DATABASE " + name + " OWNER " + USER);
        return jdbcUrl(name);
    }
}
