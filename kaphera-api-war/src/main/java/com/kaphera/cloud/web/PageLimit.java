package com.kaphera.cloud.web;

import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;

/**
 * The {@code limit} query parameter of every listing: read as text, so that "abc" is a 400 with a
 * field error rather than JAX-RS's 404 for unconvertible query parameters.
 */
public final class PageLimit {
    public static final int DEFAULT = 50;
    public static final int MAX = 200;

    private PageLimit() {
    }

    public static int parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT;
        }
        try {
            int limit = Integer.parseInt(raw.strip());
            if (limit >= 1 && limit <= MAX) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(new FieldError("limit", "must be a whole number from 1 to " + MAX));
    }
}
