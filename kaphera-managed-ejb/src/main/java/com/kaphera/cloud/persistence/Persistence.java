package com.kaphera.cloud.persistence;

import com.kaphera.cloud.common.ConflictException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.util.stream.Stream;

/** Turns the database's verdict on a write into domain exceptions, in one place. */
public final class Persistence {
    private static final String UNIQUE_VIOLATION = "23505";

    private Persistence() {
    }

    /**
     * Flushes now, so that a unique-key clash or a lost optimistic-lock race becomes a
     * {@link ConflictException} with {@code conflictDetail} instead of a failed commit later.
     */
    public static void flush(EntityManager em, String conflictDetail) {
        try {
            em.flush();
        } catch (OptimisticLockException e) {
            throw new ConflictException(conflictDetail);
        } catch (PersistenceException e) {
            if (isUniqueViolation(e)) {
                throw new ConflictException(conflictDetail);
            }
            throw e;
        }
    }

    /**
     * Whether the database refused a value (SQLState class 22, data exception: e.g. a NUL byte or a
     * value out of range). Validation should have caught it first; the edge answers 400, never 500.
     */
    public static boolean isDataException(Throwable e) {
        return causes(e).anyMatch(t -> t instanceof SQLException sql && sql.getSQLState() != null
                && sql.getSQLState().startsWith("22"));
    }

    /**
     * Whether a failure means "the database cannot be reached right now" (SQLState class 08, or a
     * refused/broken connection), as opposed to a bug: the edge answers 503 for these.
     */
    public static boolean isConnectionFailure(Throwable e) {
        return causes(e).anyMatch(t -> t instanceof SQLException sql && sql.getSQLState() != null
                        && sql.getSQLState().startsWith("08")
                || t instanceof java.net.ConnectException
                || t instanceof java.sql.SQLTransientConnectionException
                || t instanceof java.sql.SQLNonTransientConnectionException);
    }

    static boolean isUniqueViolation(Throwable e) {
        return causes(e).anyMatch(t -> t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState()));
    }

    /** {@code e} and its causes, stopping at a self-referencing cause. */
    private static Stream<Throwable> causes(Throwable e) {
        return Stream.iterate(e, t -> t != null, t -> t.getCause() == t ? null : t.getCause());
    }
}
