package com.kaphera.cloud.persistence;

import com.kaphera.cloud.common.ConflictException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;

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
     * Whether a failure means "the database cannot be reached right now" (SQLState class 08, or a
     * refused/broken connection), as opposed to a bug: the edge answers 503 for these.
     */
    public static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (t instanceof java.net.ConnectException || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
