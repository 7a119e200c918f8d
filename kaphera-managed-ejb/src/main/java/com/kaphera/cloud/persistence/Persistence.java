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
