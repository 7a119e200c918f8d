package com.kaphera.cloud.web.json;

/** The request body is larger than {@code kaphera.http.max-body-bytes}: answered with 413. */
public class BodyTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int limit;

    public BodyTooLargeException(int limit) {
        super("The request body is larger than " + limit + " bytes", null, false, false);
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
