package com.kaphera.cloud.it.support;

import java.util.Map;

/**
 * The system under test, started once per test JVM and stopped when it exits (also after failures):
 * one PostgreSQL cluster, a server in the managed edition and, on first use, one in the BYOC edition.
 */
public final class Stack {
    private static Stack instance;

    private final Postgres postgres;
    private final Tokens tokens;
    private LibertyServer managed;
    private LibertyServer byoc;

    private Stack() {
        postgres = new Postgres(Config.work().resolve("pg"), Processes.freePort());
        tokens = new Tokens(Config.work().resolve("keys"));
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "kaphera-it-shutdown"));
        postgres.start();
    }

    public static synchronized Stack get() {
        if (instance == null) {
            instance = new Stack();
        }
        return instance;
    }

    public Postgres postgres() {
        return postgres;
    }

    public Tokens tokens() {
        return tokens;
    }

    public synchronized LibertyServer managed() {
        if (managed == null) {
            managed = new LibertyServer("kaphera-it-managed", env("managed"));
            managed.start();
        }
        return managed;
    }

    public synchronized LibertyServer byoc() {
        if (byoc == null) {
            byoc = new LibertyServer("kaphera-it-byoc", env("byoc"));
            byoc.start();
        }
        return byoc;
    }

    private Map<String, String> env(String edition) {
        return Map.of(
                "KAPHERA_EDITION", edition,
                "KAPHERA_DB_URL", postgres.jdbcUrl(),
                "KAPHERA_DB_USER", Postgres.USER,
                "KAPHERA_DB_PASSWORD", Postgres.PASSWORD,
                "MP_JWT_VERIFY_ISSUER", Tokens.ISSUER,
                "MP_JWT_VERIFY_AUDIENCES", Tokens.AUDIENCE,
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", tokens.publicKeyFile().toString(),
                "KAPHERA_HTTP_MAX_BODY_BYTES", "65536",
                "KAPHERA_KEYSTORE_PASSWORD", java.util.UUID.randomUUID().toString());
    }

    private void shutdown() {
        for (LibertyServer s : new LibertyServer[] {managed, byoc}) {
            if (s != null) {
                try {
                    s.stop();
                } catch (RuntimeException e) {
                    System.err.println("Could not stop " + s.serverDir() + ": " + e.getMessage());
                }
            }
        }
        postgres.stop();
    }
}
