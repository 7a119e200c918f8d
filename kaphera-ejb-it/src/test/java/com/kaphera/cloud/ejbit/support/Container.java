package com.kaphera.cloud.ejbit.support;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.transaction.UserTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/** What the tests take from the container besides the services: transactions, threads, a look at the database. */
public final class Container {
    private Container() {
    }

    public static UserTransaction userTransaction() {
        return lookup("java:comp/UserTransaction");
    }

    /** Container threads: work submitted here runs in its own transaction, as a second request would. */
    public static ManagedExecutorService executor() {
        return lookup("java:comp/DefaultManagedExecutorService");
    }

    /** The server's non-transactional datasource (liberty-config), for reading what a service left behind. */
    public static DataSource database() {
        return lookup("jdbc/kapheraMigrations");
    }

    /** When the organisation row {@code slug} was soft-deleted; empty while live, or when there is no row. */
    public static Optional<Instant> deletedAt(String slug) throws SQLException {
        try (Connection c = database().getConnection();
                PreparedStatement s = c.prepareStatement("select deleted_at from organisation where slug = ?")) {
            s.setString(1, slug);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no organisation row '" + slug + "'");
                }
                java.sql.Timestamp t = rs.getTimestamp(1);
                return Optional.ofNullable(t).map(java.sql.Timestamp::toInstant);
            }
        }
    }

    /** Waits until some session of this database is blocked on a lock (another transaction's row lock). */
    public static void awaitLockWait(Duration timeout) throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        try (Connection c = database().getConnection();
                // pg_locks, not pg_stat_activity: the services run as the server's own role, whose sessions'
                // wait events the owner role reading here may not see; every role sees pg_locks. (A row-lock
                // wait is a wait on the other transaction's id, a lock with no database: this cluster is
                // the tests' own.)
                PreparedStatement s = c.prepareStatement("select count(*) from pg_locks where not granted")) {
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("No transaction waited for a lock within " + timeout);
    }

    @SuppressWarnings("unchecked")
    private static <T> T lookup(String name) {
        try {
            return (T) InitialContext.doLookup(name);
        } catch (NamingException e) {
            throw new IllegalStateException("Cannot look up " + name, e);
        }
    }
}
