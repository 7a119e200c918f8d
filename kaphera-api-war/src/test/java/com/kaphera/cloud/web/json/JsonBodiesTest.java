package com.kaphera.cloud.web.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.common.InvalidInputException;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class JsonBodiesTest {

    private static JsonObject read(byte[] body) throws IOException {
        return JsonBodies.read(new MultivaluedHashMap<>(), new ByteArrayInputStream(body), 1 << 20);
    }

    private static String message(byte[] body) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(body));
        return e.errors().get(0).message();
    }

    @Test
    void readsUtf8IncludingMultiByteText() throws IOException {
        JsonObject o = read("{\"displayName\":\"Müller & Söhne 東京 🚚\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals("Müller & Söhne 東京 🚚", o.getString("displayName"));
    }

    @Test
    void utf16CannotSmuggleNestingPastTheDepthLimit() {
        // In UTF-16 an escaped quote is "\\\0\"\0": a byte scanner loses track of strings, so the
        // nesting hidden behind it went uncounted. Such bodies are refused as not UTF-8.
        String deep = "{\"a\":\"\\\"\",\"b\":" + "[".repeat(200) + "]".repeat(200) + "}";
        for (String charset : new String[] {"UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32LE"}) {
            assertTrue(message(deep.getBytes(Charset.forName(charset))).contains("UTF-8"), charset);
        }
    }

    @Test
    void malformedUtf8IsABadRequest() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertTrue(message(body).contains("UTF-8"), message(body));
    }

    @Test
    void nestingBeyondTheLimitIsRefusedInUtf8() {
        String deep = "{\"a\":" + "[".repeat(JsonBodies.MAX_DEPTH + 1) + "]".repeat(JsonBodies.MAX_DEPTH + 1) + "}";
        assertTrue(message(deep.getBytes(StandardCharsets.UTF_8)).contains("nested"));
    }
}
