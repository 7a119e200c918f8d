package com.kaphera.cloud.governance.credentials.dcp;

/**
 * Quoting of values that came from outside (tokens, DIDs, messages) before they go into an exception message: such
 * messages end up in logs and problem bodies, so control characters are replaced and long values are cut.
 */
final class Untrusted {
    private static final int MAX_QUOTED = 120;

    private Untrusted() {
    }

    static String quote(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_QUOTED) + 3);
        out.append('\'');
        for (int i = 0; i < value.length() && i < MAX_QUOTED; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c);
        }
        if (value.length() > MAX_QUOTED) {
            out.append('…');
        }
        return out.append('\'').toString();
    }

    /** True when the text has no control or invisible formatting characters (for identifiers we store or log). */
    static boolean isPrintable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                return false;
            }
        }
        return true;
    }
}
