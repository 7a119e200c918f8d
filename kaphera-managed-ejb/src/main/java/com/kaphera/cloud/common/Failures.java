package com.kaphera.cloud.common;

/** What went wrong at the bottom of an exception chain, for logs and recorded reasons. */
public final class Failures {
    private Failures() {
    }

    /** The innermost cause of {@code t} (itself when it has none). */
    public static Throwable root(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    /** "SimpleName: message" of the innermost cause. */
    public static String rootMessage(Throwable t) {
        Throwable c = root(t);
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }
}
