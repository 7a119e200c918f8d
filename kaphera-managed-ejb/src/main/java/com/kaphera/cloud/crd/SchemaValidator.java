package com.kaphera.cloud.crd;

import com.kaphera.cloud.common.FieldError;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a value against a CRD's structural OpenAPI v3 schema the way the Kubernetes API server
 * does, so that every field error reaches the caller in one answer before anything is sent to
 * Kubernetes. Unknown fields are errors (the API server's {@code fieldValidation=Strict}), not
 * silently pruned. CEL rules ({@code x-kubernetes-validations}) are not evaluated here; the API
 * server still enforces them and its 422 answer is mapped field by field.
 */
public final class SchemaValidator {
    private static final Map<String, Optional<Pattern>> PATTERNS = new ConcurrentHashMap<>();
    private static final Pattern DATE_TIME =
            Pattern.compile("^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})$");

    private SchemaValidator() {
    }

    /** Validates {@code value} at {@code path} against {@code schema}, appending errors. */
    public static void validate(JsonObject schema, JsonValue value, String path, List<FieldError> errors) {
        if (schema == null || schema.isEmpty()) {
            return;
        }
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            if (!schema.getBoolean("nullable", false)) {
                errors.add(new FieldError(path, "must not be null"));
            }
            return;
        }
        if (schema.getBoolean("x-kubernetes-int-or-string", false)) {
            if (!isInteger(value) && value.getValueType() != JsonValue.ValueType.STRING) {
                errors.add(new FieldError(path, "must be an integer or a string"));
                return;
            }
            checkString(schema, value, path, errors);
            return;
        }
        String type = schema.getString("type", null);
        if (type != null && !hasType(value, type)) {
            errors.add(new FieldError(path, "must be " + article(type) + " (got " + describe(value) + ")"));
            return;
        }
        checkEnum(schema, value, path, errors);
        switch (value.getValueType()) {
            case OBJECT -> checkObject(schema, value.asJsonObject(), path, errors);
            case ARRAY -> checkArray(schema, value.asJsonArray(), path, errors);
            case STRING -> checkString(schema, value, path, errors);
            case NUMBER -> checkNumber(schema, (JsonNumber) value, path, errors);
            default -> { }
        }
    }

    private static void checkObject(JsonObject schema, JsonObject object, String path, List<FieldError> errors) {
        JsonObject properties = schema.containsKey("properties") ? schema.getJsonObject("properties") : null;
        JsonValue additional = schema.get("additionalProperties");
        boolean preserveUnknown = schema.getBoolean("x-kubernetes-preserve-unknown-fields", false);
        if (schema.containsKey("required")) {
            for (JsonValue name : schema.getJsonArray("required")) {
                String field = ((JsonString) name).getString();
                if (!object.containsKey(field)) {
                    errors.add(new FieldError(join(path, field), "is required"));
                }
            }
        }
        for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
            String field = join(path, entry.getKey());
            if (properties != null && properties.containsKey(entry.getKey())) {
                validate(properties.getJsonObject(entry.getKey()), entry.getValue(), field, errors);
            } else if (additional instanceof JsonObject additionalSchema) {
                validate(additionalSchema, entry.getValue(), field, errors);
            } else if (additional == JsonValue.TRUE || preserveUnknown) {
                // free-form by design of the CRD
            } else {
                errors.add(new FieldError(field, "is not a known field"));
            }
        }
        int size = object.size();
        if (schema.containsKey("minProperties") && size < schema.getInt("minProperties")) {
            errors.add(new FieldError(path, "must have at least " + schema.getInt("minProperties") + " entries"));
        }
        if (schema.containsKey("maxProperties") && size > schema.getInt("maxProperties")) {
            errors.add(new FieldError(path, "must have at most " + schema.getInt("maxProperties") + " entries"));
        }
    }

    private static void checkArray(JsonObject schema, JsonArray array, String path, List<FieldError> errors) {
        if (schema.containsKey("minItems") && array.size() < schema.getInt("minItems")) {
            errors.add(new FieldError(path, "must have at least " + schema.getInt("minItems") + " items"));
        }
        if (schema.containsKey("maxItems") && array.size() > schema.getInt("maxItems")) {
            errors.add(new FieldError(path, "must have at most " + schema.getInt("maxItems") + " items"));
        }
        boolean set = schema.getBoolean("uniqueItems", false) || "set".equals(schema.getString("x-kubernetes-list-type", null));
        if (set && new HashSet<>(array).size() != array.size()) {
            errors.add(new FieldError(path, "must not contain duplicates"));
        }
        JsonObject items = schema.containsKey("items") && schema.get("items") instanceof JsonObject o ? o : null;
        for (int i = 0; i < array.size(); i++) {
            validate(items, array.get(i), path + "[" + i + "]", errors);
        }
        if ("map".equals(schema.getString("x-kubernetes-list-type", null)) && schema.containsKey("x-kubernetes-list-map-keys")) {
            checkListMapKeys(schema.getJsonArray("x-kubernetes-list-map-keys"), array, path, errors);
        }
    }

    private static void checkListMapKeys(JsonArray keys, JsonArray array, String path, List<FieldError> errors) {
        Set<List<JsonValue>> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonObject item)) {
                continue;
            }
            List<JsonValue> key = keys.stream().map(k -> item.getOrDefault(((JsonString) k).getString(), JsonValue.NULL)).toList();
            if (!seen.add(key)) {
                errors.add(new FieldError(path + "[" + i + "]", "duplicates the key of an earlier item"));
            }
        }
    }

    private static void checkString(JsonObject schema, JsonValue value, String path, List<FieldError> errors) {
        if (!(value instanceof JsonString string)) {
            return;
        }
        String s = string.getString();
        int length = s.codePointCount(0, s.length());
        if (schema.containsKey("minLength") && length < schema.getInt("minLength")) {
            errors.add(new FieldError(path, "must be at least " + schema.getInt("minLength") + " characters"));
        }
        if (schema.containsKey("maxLength") && length > schema.getInt("maxLength")) {
            errors.add(new FieldError(path, "must be at most " + schema.getInt("maxLength") + " characters"));
        }
        String pattern = schema.getString("pattern", null);
        boolean tooLong = schema.containsKey("maxLength") && length > schema.getInt("maxLength");
        if (pattern != null && !tooLong && !matches(pattern, s)) {
            errors.add(new FieldError(path, "must match " + pattern));
        }
        if ("date-time".equals(schema.getString("format", null)) && !DATE_TIME.matcher(s).matches()) {
            errors.add(new FieldError(path, "must be an RFC 3339 date-time"));
        }
    }

    private static void checkNumber(JsonObject schema, JsonNumber number, String path, List<FieldError> errors) {
        BigDecimal n = number.bigDecimalValue();
        if (schema.containsKey("minimum")) {
            BigDecimal min = schema.getJsonNumber("minimum").bigDecimalValue();
            boolean exclusive = schema.getBoolean("exclusiveMinimum", false);
            if (exclusive ? n.compareTo(min) <= 0 : n.compareTo(min) < 0) {
                errors.add(new FieldError(path, "must be " + (exclusive ? "greater than " : "at least ") + min.toPlainString()));
            }
        }
        if (schema.containsKey("maximum")) {
            BigDecimal max = schema.getJsonNumber("maximum").bigDecimalValue();
            boolean exclusive = schema.getBoolean("exclusiveMaximum", false);
            if (exclusive ? n.compareTo(max) >= 0 : n.compareTo(max) > 0) {
                errors.add(new FieldError(path, "must be " + (exclusive ? "less than " : "at most ") + max.toPlainString()));
            }
        }
    }

    private static void checkEnum(JsonObject schema, JsonValue value, String path, List<FieldError> errors) {
        if (!schema.containsKey("enum")) {
            return;
        }
        JsonArray allowed = schema.getJsonArray("enum");
        for (JsonValue candidate : allowed) {
            if (sameValue(candidate, value)) {
                return;
            }
        }
        errors.add(new FieldError(path, "must be one of " + allowed));
    }

    private static boolean sameValue(JsonValue a, JsonValue b) {
        if (a instanceof JsonNumber x && b instanceof JsonNumber y) {
            return x.bigDecimalValue().compareTo(y.bigDecimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static boolean hasType(JsonValue value, String type) {
        return switch (type) {
            case "object" -> value.getValueType() == JsonValue.ValueType.OBJECT;
            case "array" -> value.getValueType() == JsonValue.ValueType.ARRAY;
            case "string" -> value.getValueType() == JsonValue.ValueType.STRING;
            case "boolean" -> value.getValueType() == JsonValue.ValueType.TRUE || value.getValueType() == JsonValue.ValueType.FALSE;
            case "integer" -> isInteger(value);
            case "number" -> value.getValueType() == JsonValue.ValueType.NUMBER;
            default -> true;
        };
    }

    private static boolean isInteger(JsonValue value) {
        if (!(value instanceof JsonNumber number)) {
            return false;
        }
        BigDecimal n = number.bigDecimalValue();
        return n.signum() == 0 || n.scale() <= 0 || n.stripTrailingZeros().scale() <= 0;
    }

    /**
     * Java's backtracking engine, not the API server's RE2: a pattern Java cannot compile, or a match
     * that would overflow the stack, is left to the API server (which still enforces it) rather than
     * failing the request.
     */
    private static boolean matches(String pattern, String s) {
        Optional<Pattern> compiled = PATTERNS.computeIfAbsent(pattern, p -> {
            try {
                return Optional.of(Pattern.compile(p));
            } catch (PatternSyntaxException e) {
                return Optional.empty();
            }
        });
        try {
            return compiled.map(p -> p.matcher(s).find()).orElse(true);
        } catch (StackOverflowError e) {
            return true;
        }
    }

    private static String describe(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case TRUE, FALSE -> "a boolean";
            case NULL -> "null";
        };
    }

    private static String article(String type) {
        return switch (type) {
            case "object", "array", "integer" -> "an " + type;
            default -> "a " + type;
        };
    }

    static String join(String path, String field) {
        return path == null || path.isEmpty() ? field : path + "." + field;
    }
}
