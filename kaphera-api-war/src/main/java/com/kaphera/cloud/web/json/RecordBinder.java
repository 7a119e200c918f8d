package com.kaphera.cloud.web.json;

import com.kaphera.cloud.common.FieldError;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds a JSON object to a request record strictly: unknown fields and wrong types are errors, and
 * every error in the body is reported at once with its field path. This is the only way request
 * bodies enter the application, so "the caller may not set that field" is enforced by the DTO's shape.
 */
public final class RecordBinder {

    private RecordBinder() {
    }

    /**
     * @return the bound record, or null when a field's value could not be bound; {@code errors}
     *     receives every problem found. Unknown fields are errors but do not stop binding, so the
     *     caller can still validate the rest and report everything at once.
     */
    public static <R extends Record> R bind(Class<R> type, JsonObject json, List<FieldError> errors) {
        return type.cast(bindValue(type, json, "", errors));
    }

    private static Object bindRecord(Class<?> type, JsonObject json, String path, List<FieldError> errors) {
        RecordComponent[] components = type.getRecordComponents();
        Set<String> known = java.util.Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.toSet());
        for (String name : json.keySet()) {
            if (!known.contains(name)) {
                errors.add(new FieldError(join(path, name), "is not a known field"));
            }
        }
        boolean failed = false;
        Object[] args = new Object[components.length];
        Class<?>[] argTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            argTypes[i] = c.getType();
            if (!json.containsKey(c.getName())) {
                continue;
            }
            JsonValue value = json.get(c.getName());
            String fieldPath = join(path, c.getName());
            boolean patch = c.getType() == FieldPatch.class;
            if (value.getValueType() == JsonValue.ValueType.NULL) {
                args[i] = patch ? new FieldPatch<>(null) : null;
                continue;
            }
            Type target = patch
                    ? ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0] : c.getGenericType();
            Object bound = bindValue(target, value, fieldPath, errors);
            failed |= bound == null;
            args[i] = patch ? new FieldPatch<>(bound) : bound;
        }
        if (failed) {
            return null;
        }
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(argTypes);
            canonical.setAccessible(true);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            // A compact constructor that guards an invariant speaks for the whole object.
            errors.add(new FieldError(path.isEmpty() ? "$" : path, e.getCause().getMessage()));
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Request type " + type.getName() + " cannot be built", e);
        }
    }

    private static Object bindValue(Type type, JsonValue value, String path, List<FieldError> errors) {
        Class<?> raw = raw(type);
        switch (value.getValueType()) {
            case STRING:
                if (raw == String.class) {
                    return ((JsonString) value).getString();
                }
                if (raw == BigDecimal.class) {
                    // Money and quantities may come as strings ("12.50") so that no client rounds them through a double.
                    try {
                        return decimal(new BigDecimal(((JsonString) value).getString().strip()), path, errors);
                    } catch (NumberFormatException e) {
                        errors.add(new FieldError(path, "must be a decimal number"));
                        return null;
                    }
                }
                if (raw == LocalDate.class) {
                    try {
                        return LocalDate.parse(((JsonString) value).getString());
                    } catch (DateTimeParseException e) {
                        errors.add(new FieldError(path, "must be a date (YYYY-MM-DD)"));
                        return null;
                    }
                }
                break;
            case NUMBER:
                JsonNumber n = (JsonNumber) value;
                if (raw == BigDecimal.class) {
                    return decimal(n.bigDecimalValue(), path, errors);
                }
                if (raw == Integer.class || raw == Long.class) {
                    if (!n.isIntegral()) {
                        errors.add(new FieldError(path, "must be a whole number"));
                        return null;
                    }
                    try {
                        long l = n.bigIntegerValueExact().longValueExact();
                        if (raw == Integer.class) {
                            return Math.toIntExact(l);
                        }
                        return l;
                    } catch (ArithmeticException e) {
                        errors.add(new FieldError(path, "is out of range"));
                        return null;
                    }
                }
                break;
            case TRUE:
            case FALSE:
                if (raw == Boolean.class) {
                    return value.getValueType() == JsonValue.ValueType.TRUE;
                }
                break;
            case OBJECT:
                if (raw == JsonObject.class) {
                    return value.asJsonObject(); // free-form by design (e.g. step parameters); the domain validates it
                }
                if (raw.isRecord()) {
                    return bindRecord(raw, value.asJsonObject(), path, errors);
                }
                if (raw == Map.class) {
                    Type valueType = ((ParameterizedType) type).getActualTypeArguments()[1];
                    Map<String, Object> map = new LinkedHashMap<>();
                    boolean mapFailed = false;
                    for (Map.Entry<String, JsonValue> e : value.asJsonObject().entrySet()) {
                        Object v = bindValue(valueType, e.getValue(), join(path, e.getKey()), errors);
                        mapFailed |= v == null;
                        map.put(e.getKey(), v);
                    }
                    return mapFailed ? null : map;
                }
                break;
            case ARRAY:
                if (raw == List.class) {
                    Type elementType = ((ParameterizedType) type).getActualTypeArguments()[0];
                    List<Object> list = new ArrayList<>();
                    int i = 0;
                    boolean listFailed = false;
                    for (JsonValue element : value.asJsonArray()) {
                        Object v = bindValue(elementType, element, path + "[" + i++ + "]", errors);
                        listFailed |= v == null;
                        list.add(v);
                    }
                    return listFailed ? null : list;
                }
                break;
            case NULL:
                errors.add(new FieldError(path, "must not be null"));
                return null;
            default:
                break;
        }
        errors.add(new FieldError(path.isEmpty() ? "$" : path, "must be " + describe(raw)));
        return null;
    }

    /** Exact decimals of a sane size: 1e999999999 is no price, and would cost memory to print. */
    private static BigDecimal decimal(BigDecimal d, String path, List<FieldError> errors) {
        if (Math.abs(d.scale()) > 30 || d.precision() > 40) {
            errors.add(new FieldError(path, "is out of range"));
            return null;
        }
        return d;
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static String describe(Class<?> raw) {
        if (raw == String.class) {
            return "a string";
        }
        if (raw == Integer.class || raw == Long.class) {
            return "a whole number";
        }
        if (raw == BigDecimal.class) {
            return "a decimal number (a JSON number or a string)";
        }
        if (raw == LocalDate.class) {
            return "a date (YYYY-MM-DD)";
        }
        if (raw == Boolean.class) {
            return "true or false";
        }
        if (raw == List.class) {
            return "an array";
        }
        return "an object";
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
