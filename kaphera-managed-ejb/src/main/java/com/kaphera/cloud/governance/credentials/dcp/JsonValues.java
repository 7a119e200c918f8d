package com.kaphera.cloud.governance.credentials.dcp;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * JSON-P helpers shared by the DCP classes. All JSON this package reads or writes goes through JSON-P; nimbus only
 * signs, verifies and encrypts bytes, so there is one JSON parser for what is signed and what is checked.
 */
final class JsonValues {
    private JsonValues() {
    }

    /** Parses a JSON object, or empty if the text is not one. */
    static Optional<JsonObject> parseObject(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            return value.getValueType() == JsonValue.ValueType.OBJECT ? Optional.of(value.asJsonObject()) : Optional.empty();
        } catch (JsonParsingException e) {
            return Optional.empty();
        } catch (JsonException e) {
            return Optional.empty();
        }
    }

    /** The string member {@code name}, or empty if absent or not a string. */
    static Optional<String> string(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }

    /** A member that may be one string or an array of strings (JSON-LD's "one or many"); non-strings are skipped. */
    static List<String> strings(JsonValue value) {
        List<String> out = new ArrayList<>();
        if (value instanceof JsonString s) {
            out.add(s.getString());
        } else if (value instanceof JsonArray array) {
            for (JsonValue item : array) {
                if (item instanceof JsonString s) {
                    out.add(s.getString());
                }
            }
        }
        return out;
    }

    /** A member that may be one object or an array of objects; non-objects are skipped. */
    static List<JsonObject> objects(JsonValue value) {
        List<JsonObject> out = new ArrayList<>();
        if (value instanceof JsonObject o) {
            out.add(o);
        } else if (value instanceof JsonArray array) {
            for (JsonValue item : array) {
                if (item instanceof JsonObject o) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    static JsonArray array(List<String> values) {
        var builder = Json.createArrayBuilder();
        values.forEach(builder::add);
        return builder.build();
    }
}
