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

    /** Custom resource watches open right now (bounded by kaphera.watch.max-total). */
    int getOpenWatches();

    /** Resource types (CRD kinds) currently served. */
    int getResourceTypes();

    /** Where the server reaches the Kubernetes API (never credentials). */
    String getKubernetesApi();
}
