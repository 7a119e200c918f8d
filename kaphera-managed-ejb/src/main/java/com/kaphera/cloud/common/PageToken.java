package com.kaphera.cloud.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque continue tokens: the caller cannot read or forge a position it could not reach anyway. */
public final class PageToken {
    private static final String PREFIX = "k1:";

    private PageToken() {
    }

    public static String encode(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws InvalidInputException when the token was not made by {@link #encode}. */
    public static String decode(String token, String parameter) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            // Decoded text is input like any other: a forged token must not carry NUL or controls to the database.
            if (raw.startsWith(PREFIX) && FreeText.isClean(raw)) {
                return raw.substring(PREFIX.length());
            }
        } catch (IllegalArgumentException e) {
            // fall through to the one error below
        }
        throw new InvalidInputException(new FieldError(parameter, "is not a continue token issued by this server"));
    }
}
