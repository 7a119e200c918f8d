package com.kaphera.cloud.audit;

import java.util.Locale;

/** How a recorded operation ended, from the caller's point of view. */
public enum Outcome {
    SUCCESS, DENIED, INVALID, NOT_FOUND, CONFLICT, UNAVAILABLE, FAILED;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Outcome fromId(String id) {
        for (Outcome o : values()) {
            if (o.id().equals(id)) {
                return o;
            }
        }
        throw new IllegalArgumentException(id);
    }

    /** The outcome an HTTP status stands for (a refused or failed write answered with it). */
    public static Outcome ofStatus(int status) {
        return switch (status) {
            case 401, 403 -> DENIED;
            case 404, 410 -> NOT_FOUND;
            case 409, 412, 428 -> CONFLICT;
            case 429, 502, 503, 504 -> UNAVAILABLE;
            default -> status < 400 ? SUCCESS : status < 500 ? INVALID : FAILED;
        };
    }
}
