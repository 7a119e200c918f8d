package com.kaphera.cloud.persistence;

import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.common.PageToken;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Keyset pages over rows by UUID id: the query orders by id (descending for time-ordered ids, newest
 * first; or ascending) and, when a continue token is given, has a parameter {@code :after} (the last id of
 * the previous page) that it compares in the same direction.
 */
public final class UuidKeysetPages {
    private UuidKeysetPages() {
    }

    public static <T> Page<T> page(TypedQuery<T> query, int limit, String continueToken, Function<T, UUID> idOf) {
        if (continueToken != null) {
            String after = PageToken.decode(continueToken, "continue");
            try {
                query.setParameter("after", UUID.fromString(after));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(new FieldError("continue", "is not a continue token issued by this server"));
            }
        }
        List<T> rows = query.setMaxResults(limit + 1).getResultList();
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> page = rows.subList(0, limit);
        return new Page<>(page, PageToken.encode(idOf.apply(page.get(limit - 1)).toString()));
    }
}
