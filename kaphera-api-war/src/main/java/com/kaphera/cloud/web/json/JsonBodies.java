package com.kaphera.cloud.web.json;

import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one way a request body becomes a JSON object: size cap (413) first, then nesting depth, then
 * well-formed JSON (400). Whatever the parser throws on hostile input (absurd exponents, huge
 * numbers) is a 400, never a 500.
 */
public final class JsonBodies {
    /** Deeper than any real resource; keeps parsers and validators far from their recursion limits. */
    static final int MAX_DEPTH = 64;

    private JsonBodies() {
    }

    /** The bound body, or a 400 when the request had none (JAX-RS hands a resource null then). */
    public static <T> T required(T body) {
        if (body == null) {
            throw new com.kaphera.cloud.common.InvalidInputException("The request needs a body",
                    java.util.List.of(new com.kaphera.cloud.common.FieldError("$", "a JSON object is required")));
        }
        return body;
    }

    public static JsonObject read(MultivaluedMap<String, String> headers, InputStream entity, int maxBodyBytes)
            throws IOException {
        String declared = headers.getFirst("Content-Length");
        if (declared != null && parseLength(declared) > maxBodyBytes) {
            throw new BodyTooLargeException(maxBodyBytes);
        }
        byte[] body = entity.readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            throw new BodyTooLargeException(maxBodyBytes);
        }
        return parse(body);
    }

    private static JsonObject parse(byte[] body) {
        if (body.length == 0) {
            throw new InvalidInputException(new FieldError("$", "a JSON object is required"));
        }
        // JSON between systems is UTF-8 (RFC 8259 section 8.1). Other encodings are refused, not
        // detected: a NUL byte cannot occur in UTF-8 JSON text, and UTF-16/32 always have one; the depth
        // count below is exact for UTF-8 only (no structural ASCII byte occurs inside a multi-byte sequence).
        for (byte b : body) {
            if (b == 0) {
                throw new InvalidInputException(new FieldError("$", "must be JSON encoded in UTF-8 (RFC 8259)"));
            }
        }
        if (depth(body) > MAX_DEPTH) {
            throw new InvalidInputException(new FieldError("$", "is nested more than " + MAX_DEPTH + " levels deep"));
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (JsonReader reader = Json.createReader(new InputStreamReader(new ByteArrayInputStream(body), utf8))) {
            JsonStructure structure = reader.read();
            if (!(structure instanceof JsonObject object)) {
                throw new InvalidInputException(new FieldError("$", "must be a JSON object"));
            }
            return object;
        } catch (JsonParsingException e) {
            var at = e.getLocation();
            throw new InvalidInputException(new FieldError("$", "is not well-formed JSON"
                    + (at == null ? "" : " (line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ")")));
        } catch (JsonException | ArithmeticException | NumberFormatException | UnsupportedOperationException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new InvalidInputException(new FieldError("$", "must be JSON encoded in UTF-8 (RFC 8259)"));
            }
            throw new InvalidInputException(new FieldError("$", "is not well-formed JSON or holds a number out of range"));
        }
    }

    /** The deepest nesting of objects and arrays, counted outside strings, without parsing. */
    static int depth(byte[] json) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                max = Math.max(max, ++depth);
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return max;
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
