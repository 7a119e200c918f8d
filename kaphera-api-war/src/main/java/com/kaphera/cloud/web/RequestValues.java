package com.kaphera.cloud.web;

import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.NotFoundException;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Ids and months as requests name them: an id that is not a UUID names nothing (404), a bad month is a field error. */
public final class RequestValues {
    private RequestValues() {
    }

    /** The UUID {@code raw}, or not found as {@code kind} (the id echoed at most 40 characters long). */
    public static UUID uuid(String raw, String kind) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException(kind, raw.length() > 40 ? raw.substring(0, 40) : raw);
        }
    }

    /** A month yyyy-MM in {@code field}; null when absent or blank. */
    public static YearMonth month(String raw, String field) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return YearMonth.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(new FieldError(field, "must be a month, YYYY-MM (e.g. 2026-11)"));
        }
    }

    /** The same, required. */
    public static YearMonth requiredMonth(String raw, String field) {
        YearMonth month = month(raw, field);
        if (month == null) {
            throw new InvalidInputException(new FieldError(field, "is required: a month, YYYY-MM (e.g. 2026-11)"));
        }
        return month;
    }
}
