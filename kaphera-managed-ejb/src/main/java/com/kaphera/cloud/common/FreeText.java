package com.kaphera.cloud.common;

import java.util.List;

/**
 * The rule for free text that callers send and we store or log (display names, identifiers, decoded
 * continue tokens): no control characters (C0, DEL, C1: they corrupt logs and terminals, and
 * PostgreSQL refuses NUL) and no unpaired UTF-16 surrogates (not valid UTF-8, refused by PostgreSQL).
 */
public final class FreeText {
    private FreeText() {
    }

    public static boolean isClean(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Like {@link #isClean}, but line breaks and tabs are allowed: descriptions written as paragraphs. */
    public static boolean isCleanProse(String text) {
        return isClean(text.replace('\n', ' ').replace('\r', ' ').replace('\t', ' '));
    }

    /** Adds a field error when {@code text} (may be null) is not clean prose. */
    public static void checkProse(String field, String text, List<FieldError> errors) {
        if (text != null && !isCleanProse(text)) {
            errors.add(new FieldError(field, "must not contain control characters (other than line breaks) or invalid Unicode"));
        }
    }

    /** Adds a field error when {@code text} (may be null) is not clean. */
    public static void check(String field, String text, List<FieldError> errors) {
        if (text != null && !isClean(text)) {
            errors.add(new FieldError(field, "must not contain control characters or invalid Unicode"));
        }
    }

    /**
     * A person's reason for an action (a decision, a retry, a skip), which is recorded: 1-2000
     * characters of clean prose; {@code required} says what to tell someone who left it out.
     * Throws {@link InvalidInputException} naming the field {@code reason}.
     */
    public static void checkReason(String reason, String required, String what) {
        List<FieldError> errors = new java.util.ArrayList<>();
        if (reason == null) {
            if (required != null) {
                errors.add(new FieldError("reason", "is required: " + required));
            }
        } else {
            if (reason.isBlank() || reason.length() > 2000) {
                errors.add(new FieldError("reason", "must be 1-2000 characters"));
            }
            checkProse("reason", reason, errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The " + what + " is not valid", errors);
        }
    }
}
