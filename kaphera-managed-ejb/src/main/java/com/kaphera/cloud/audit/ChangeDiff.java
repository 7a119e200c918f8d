package com.kaphera.cloud.audit;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What changed between two versions of an object, as flat paths: {@code {"spec.replicas": {"from": 1,
 * "to": 2}}}. Objects are walked member by member; arrays and scalars are compared whole. Secret values
 * are redacted on both sides; a changed secret shows as changed, never what it was or became.
 */
public final class ChangeDiff {
    private static final int PHRASE_CHANGES = 3;

    private ChangeDiff() {
    }

    /** The differences under the given top-level members (for example spec and metadata.labels). */
    public static JsonObject between(JsonObject before, JsonObject after, List<String> roots) {
        JsonObjectBuilder out = Json.createObjectBuilder();
        for (String root : roots) {
            walk(root, at(before, root), at(after, root), false, out);
        }
        return out.build();
    }

    /** The differences between two records of fields (an organisation's), by field name. */
    public static JsonObject between(JsonObject before, JsonObject after) {
        JsonObjectBuilder out = Json.createObjectBuilder();
        walk("", before, after, false, out);
        return out.build();
    }

    /** "replicas 1 → 2, image edc:0.7 → edc:0.8 and 2 more" — for the summary. */
    public static String phrase(JsonObject diff) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonValue> e : diff.entrySet()) {
            if (parts.size() == PHRASE_CHANGES) {
                parts.add("and " + (diff.size() - PHRASE_CHANGES) + " more");
                break;
            }
            JsonObject fromTo = e.getValue().asJsonObject();
            String path = e.getKey().startsWith("spec.") ? e.getKey().substring(5) : e.getKey();
            parts.add(path + " " + show(fromTo.get("from")) + " → " + show(fromTo.get("to")));
        }
        return parts.isEmpty() ? "no visible change" : String.join(", ", parts);
    }

    private static void walk(String path, JsonValue before, JsonValue after, boolean secret, JsonObjectBuilder out) {
        if (absent(before) && absent(after) || before != null && before.equals(after)) {
            return;
        }
        if (before instanceof JsonObject b && after instanceof JsonObject a) {
            TreeSet<String> names = new TreeSet<>(b.keySet());
            names.addAll(a.keySet());
            for (String name : names) {
                walk(path.isEmpty() ? name : path + "." + name, b.get(name), a.get(name),
                        Redaction.secretBelow(secret, name), out);
            }
            return;
        }
        out.add(path, Json.createObjectBuilder()
                .add("from", before == null ? JsonValue.NULL : Redaction.redact(before, secret))
                .add("to", after == null ? JsonValue.NULL : Redaction.redact(after, secret)));
    }

    /** Missing, null and empty are the same to a reader ("no annotations"). */
    private static boolean absent(JsonValue v) {
        return v == null || v.getValueType() == JsonValue.ValueType.NULL
                || v instanceof JsonObject o && o.isEmpty() || v instanceof jakarta.json.JsonArray a && a.isEmpty();
    }

    private static JsonValue at(JsonObject object, String dottedPath) {
        JsonValue v = object;
        for (String part : dottedPath.split("\\.")) {
            if (!(v instanceof JsonObject o) || !o.containsKey(part)) {
                return null;
            }
            v = o.get(part);
        }
        return v;
    }

    private static String show(JsonValue v) {
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return "(none)";
        }
        String s = v instanceof JsonString str ? str.getString() : v.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
