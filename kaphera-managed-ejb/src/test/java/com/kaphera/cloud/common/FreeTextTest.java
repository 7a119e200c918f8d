package com.kaphera.cloud.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class FreeTextTest {

    @Test
    void acceptsOrdinaryTextInAnyScript() {
        for (String text : new String[] {"Novak Castings s.r.o.", "Müller & Söhne GmbH", "東京部品", "Émile 🚚 Logistics", ""}) {
            assertTrue(FreeText.isClean(text), text);
        }
    }

    @Test
    void refusesControlCharactersAndUnpairedSurrogates() {
        for (String text : new String[] {"a\u0000b", "bell\u0007", "tab\tname", "line\nbreak", "del\u007f", "c1\u0085",
                "lone \ud83d", "\ude9a reversed"}) {
            assertFalse(FreeText.isClean(text), text.codePoints().mapToObj(Integer::toHexString).toList().toString());
        }
    }

    @Test
    void continueTokensThatDecodeToControlCharactersAreNotOurs() {
        assertEquals("sme-castings", PageToken.decode(PageToken.encode("sme-castings"), "continue"));
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString("k1:a\u0000b".getBytes(StandardCharsets.UTF_8));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PageToken.decode(forged, "continue"));
        assertEquals("continue", e.errors().get(0).field());
    }
}
