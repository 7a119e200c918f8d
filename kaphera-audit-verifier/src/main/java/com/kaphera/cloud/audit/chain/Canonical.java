package com.kaphera.cloud.audit.chain;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 8785 (JSON Canonicalization Scheme) for the values an audit entry holds: objects with members
 * sorted by their names' UTF-16 code units, no whitespace, strings escaped as ECMAScript's
 * JSON.stringify does, and numbers that are integers of at most 2^53 (written without exponent or
 * fraction, which is what RFC 8785's number rule yields for them). Anything else (fractions, larger
 * numbers) is refused rather than encoded in a way another implementation might not reproduce: free
 * JSON such as a change's diff is carried as a string.
 */
public final class Canonical {
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private Canonical() {
    }

    public static byte[] bytes(JsonValue value) {
        return string(value).getBytes(StandardCharsets.UTF_8);
    }

    public static String string(JsonValue value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out);
        return out.toString();
    }

    private static void write(JsonValue value, StringBuilder out) {
        switch (value.getValueType()) {
            case NULL -> out.append("null");
            case TRUE -> out.append("true");
            case FALSE -> out.append("false");
            case STRING -> quote(((JsonString) value).getString(), out);
            case NUMBER -> number((JsonNumber) value, out);
            case ARRAY -> {
                out.append('[');
                JsonArray array = value.asJsonArray();
                for (int i = 0; i < array.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(array.get(i), out);
                }
                out.append(']');
            }
            case OBJECT -> {
                JsonObject object = value.asJsonObject();
                List<String> names = new ArrayList<>(object.keySet());
                names.sort(String::compareTo); // String.compareTo compares UTF-16 code units, as RFC 8785 asks
                out.append('{');
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    quote(names.get(i), out);
                    out.append(':');
                    write(object.get(names.get(i)), out);
                }
                out.append('}');
            }
            default -> throw new IllegalArgumentException("Not JSON: " + value);
        }
    }

    private static void number(JsonNumber number, StringBuilder out) {
        if (!number.isIntegral()) {
            throw new IllegalArgumentException("Only integers are canonicalised here, not " + number);
        }
        long n;
        try {
            n = number.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("Integer out of range: " + number, e);
        }
        if (Math.abs(n) > MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("Integer beyond 2^53: " + number);
        }
        out.append(n);
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
