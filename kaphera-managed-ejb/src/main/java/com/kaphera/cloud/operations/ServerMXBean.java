package com.kaphera.cloud.operations;

/** JMX view of the running server: {@code com.kaphera.cloud:type=Server}. Read-only. */
public interface ServerMXBean {
    String getEdition();

    String[] getEnabledFeatures();

    /** ISO-8601 UTC instant at which the application started. */
    String getStartTime();

    String getVersion();

    /** The database schema version, or "" while the database has not been migrated. */
    String getSchemaVersion();
}
