package com.kaphera.cloud.crd;

import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a user may write into a custom resource, checked in full before anything reaches
 * Kubernetes. The result is rebuilt from an allow-list (apiVersion, kind, metadata.name/namespace/
 * labels/annotations, spec), so nothing the rules did not look at is ever forwarded.
 * <ul>
 * <li>{@code status} belongs to the operators: a write that would change it is refused.</li>
 * <li>{@code metadata.namespace} is always the organisation's namespace; another one is refused.</li>
 * <li>Labels and annotations under {@code kaphera.io/} belong to the platform: users cannot add,
 * change or remove them; on replace the current ones are carried over.</li>
 * <li>Server-managed metadata (uid, resourceVersion, generation, timestamps, managedFields) is
 * ignored, so a GET-modify-PUT round trip works. So is {@code generateName}: it only matters when
 * an object is created (by kubectl, GitOps tools, operators); a replace keeps the stored one.</li>
 * </ul>
 */
public final class CustomResourceRules {
    static final String RESERVED_DOMAIN = "kaphera.io";
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Pattern LABEL_NAME = Pattern.compile("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$");
    private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "spec", "status");
    private static final Set<String> USER_METADATA = Set.of("name", "namespace", "labels", "annotations");
    /** Set by operators and controllers; a replace keeps them and may only send them back unchanged. */
    private static final Set<String> OPERATOR_METADATA = Set.of("finalizers", "ownerReferences");
    /** What a replace carries over from the stored object whatever the body says. */
    private static final List<String> KEPT_ON_REPLACE = List.of("finalizers", "ownerReferences", "generateName");
    private static final Set<String> SERVER_METADATA = Set.of("uid", "resourceVersion", "generation",
            "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink",
            "generateName");

    private CustomResourceRules() {
    }

    /** The object to create, or every reason it cannot be. */
    public static JsonObject forCreate(ResourceType type, String namespace, JsonObject body) {
        List<FieldError> errors = new ArrayList<>();
        if (body.containsKey("status") && body.get("status") != JsonValue.NULL) {
            errors.add(new FieldError("status", "is written by the operator; remove it from the request"));
        }
        JsonObject result = sanitise(type, namespace, null, body, null, errors);
        throwIfAny(errors);
        return result;
    }

    /**
     * {@link #forCreate} for an object the platform itself writes (the join flow's connector): the same
     * checks, except that its labels and annotations under the platform's domain are the platform's to set.
     */
    public static JsonObject forPlatformCreate(ResourceType type, String namespace, JsonObject body) {
        JsonObject metadata = body.getJsonObject("metadata");
        Map<String, String> labels = reserved(metadata == null ? null : metadata.getJsonObject("labels"));
        Map<String, String> annotations = reserved(metadata == null ? null : metadata.getJsonObject("annotations"));
        JsonObject checked = forCreate(type, namespace, withoutReserved(body));
        JsonObject checkedMetadata = checked.getJsonObject("metadata");
        JsonObjectBuilder m = Json.createObjectBuilder(checkedMetadata);
        for (var entry : Map.of("labels", labels, "annotations", annotations).entrySet()) {
            if (!entry.getValue().isEmpty()) {
                JsonObjectBuilder merged = checkedMetadata.get(entry.getKey()) instanceof JsonObject existing
                        ? Json.createObjectBuilder(existing) : Json.createObjectBuilder();
                entry.getValue().forEach(merged::add);
                m.add(entry.getKey(), merged);
            }
        }
        return Json.createObjectBuilder(checked).add("metadata", m).build();
    }

    private static JsonObject withoutReserved(JsonObject body) {
        if (!(body.get("metadata") instanceof JsonObject metadata)) {
            return body;
        }
        JsonObjectBuilder m = Json.createObjectBuilder(metadata);
        for (String map : List.of("labels", "annotations")) {
            if (metadata.get(map) instanceof JsonObject entries) {
                JsonObjectBuilder kept = Json.createObjectBuilder();
                entries.forEach((k, v) -> {
                    if (!isReserved(k)) {
                        kept.add(k, v);
                    }
                });
                m.add(map, kept);
            }
        }
        return Json.createObjectBuilder(body).add("metadata", m).build();
    }

    /**
     * The object to store for a replace of {@code current} by {@code body}. A {@code status} in the
     * body is accepted only when it equals the current one (GET-modify-PUT round trips).
     */
    public static JsonObject forReplace(ResourceType type, String namespace, String name, JsonObject body,
            JsonObject current) {
        List<FieldError> errors = new ArrayList<>();
        JsonValue status = body.get("status");
        if (status != null && status != JsonValue.NULL && !status.equals(current.get("status"))) {
            errors.add(new FieldError("status", "is written by the operator and cannot be changed"));
        }
        JsonObject result = sanitise(type, namespace, name, body, current, errors);
        throwIfAny(errors);
        if (!type.statusSubresource() && current.containsKey("status")) {
            // Without a status subresource a replace would overwrite the operator's status: keep it.
            result = Json.createObjectBuilder(result).add("status", current.get("status")).build();
        }
        return result;
    }

    /** Refuses merge patches that touch what users may not write, before the patch is applied. */
    public static void checkPatch(JsonObject patch) {
        List<FieldError> errors = new ArrayList<>();
        if (patch.containsKey("status")) {
            errors.add(new FieldError("status", "is written by the operator; remove it from the patch"));
        }
        if (patch.get("metadata") instanceof JsonObject metadata) {
            for (String map : List.of("labels", "annotations")) {
                if (metadata.get(map) instanceof JsonObject entries) {
                    entries.keySet().stream().filter(CustomResourceRules::isReserved).sorted().forEach(key ->
                            errors.add(new FieldError("metadata." + map + "." + key, "is reserved for the platform")));
                } else if (metadata.get(map) == JsonValue.NULL) {
                    errors.add(new FieldError("metadata." + map, "cannot be removed as a whole; remove single keys"));
                }
            }
        }
        throwIfAny(errors);
    }

    /** Drops what the Kubernetes API adds for its own bookkeeping and users never need. */
    public static JsonObject forDisplay(JsonObject object) {
        JsonObject metadata = object.getJsonObject("metadata");
        if (metadata == null || !metadata.containsKey("managedFields")) {
            return object;
        }
        return Json.createObjectBuilder(object)
                .add("metadata", Json.createObjectBuilder(metadata).remove("managedFields"))
                .build();
    }

    static boolean isReserved(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String prefix = key.substring(0, slash);
        return prefix.equals(RESERVED_DOMAIN) || prefix.endsWith("." + RESERVED_DOMAIN);
    }

    /** {@code current} is the stored object for a replace, null for a create. */
    private static JsonObject sanitise(ResourceType type, String namespace, String pathName, JsonObject body,
            JsonObject current, List<FieldError> errors) {
        JsonObject currentMetadata = current == null ? JsonValue.EMPTY_JSON_OBJECT : current.getJsonObject("metadata");
        Map<String, String> keptLabels = reserved(currentMetadata.getJsonObject("labels"));
        Map<String, String> keptAnnotations = reserved(currentMetadata.getJsonObject("annotations"));
        for (String key : body.keySet()) {
            if (!TOP_LEVEL.contains(key)) {
                errors.add(new FieldError(key, "is not a known field"));
            }
        }
        checkString(body, "apiVersion", type.apiVersion(), errors);
        checkString(body, "kind", type.kind(), errors);
        JsonObjectBuilder out = Json.createObjectBuilder()
                .add("apiVersion", type.apiVersion())
                .add("kind", type.kind());

        JsonObjectBuilder metadata = Json.createObjectBuilder();
        if (!(body.get("metadata") instanceof JsonObject given)) {
            errors.add(new FieldError("metadata", body.containsKey("metadata") ? "must be an object" : "is required"));
        } else {
            String name = metadataName(given, pathName, errors);
            if (name != null) {
                metadata.add("name", name);
            }
            if (given.containsKey("namespace") && !Json.createValue(namespace).equals(given.get("namespace"))) {
                errors.add(new FieldError("metadata.namespace", "must be absent or '" + namespace
                        + "', the organisation's namespace"));
            }
            metadata.add("namespace", namespace);
            for (String key : given.keySet()) {
                if (OPERATOR_METADATA.contains(key) && current != null) {
                    JsonValue kept = currentMetadata.getOrDefault(key, JsonValue.NULL);
                    if (!given.get(key).equals(kept) && !(kept == JsonValue.NULL && isEmptyArray(given.get(key)))) {
                        errors.add(new FieldError("metadata." + key, "is managed by the operators; send it back unchanged "
                                + "or leave it out"));
                    }
                } else if (!USER_METADATA.contains(key) && !SERVER_METADATA.contains(key)) {
                    errors.add(new FieldError("metadata." + key, "cannot be set through this API"));
                }
            }
            for (String key : KEPT_ON_REPLACE) {
                if (currentMetadata.containsKey(key)) {
                    metadata.add(key, currentMetadata.get(key));
                }
            }
            metadata.add("labels", stringMap(given, "labels", true, keptLabels, errors));
            metadata.add("annotations", stringMap(given, "annotations", false, keptAnnotations, errors));
        }
        out.add("metadata", metadata);

        JsonValue spec = body.get("spec");
        if (spec == null) {
            if (type.specRequired()) {
                errors.add(new FieldError("spec", "is required"));
            }
        } else {
            SchemaValidator.validate(type.specSchema(), spec, "spec", errors);
            out.add("spec", spec);
        }
        return out.build();
    }

    private static String metadataName(JsonObject metadata, String pathName, List<FieldError> errors) {
        JsonValue value = metadata.get("name");
        if (value == null) {
            if (pathName != null) {
                return pathName;
            }
            errors.add(new FieldError("metadata.name", "is required"));
            return null;
        }
        if (!(value instanceof JsonString string)) {
            errors.add(new FieldError("metadata.name", "must be a string"));
            return null;
        }
        String name = string.getString();
        if (pathName != null && !pathName.equals(name)) {
            errors.add(new FieldError("metadata.name", "must equal the name in the path ('" + pathName + "')"));
        } else if (!isValidName(name)) {
            errors.add(new FieldError("metadata.name", "must be a DNS subdomain: at most 253 lower-case letters, "
                    + "digits, '-' or '.', starting and ending with a letter or digit"));
        }
        return name;
    }

    public static boolean isValidName(String name) {
        return name != null && name.length() <= 253 && DNS_SUBDOMAIN.matcher(name).matches();
    }

    private static JsonObjectBuilder stringMap(JsonObject metadata, String field, boolean labels,
            Map<String, String> kept, List<FieldError> errors) {
        JsonObjectBuilder out = Json.createObjectBuilder();
        JsonValue value = metadata.get(field);
        String path = "metadata." + field;
        if (value != null && value != JsonValue.NULL && !(value instanceof JsonObject)) {
            errors.add(new FieldError(path, "must be an object of strings"));
        }
        if (value instanceof JsonObject entries) {
            entries.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
                String key = entry.getKey();
                String at = path + "." + key;
                if (!(entry.getValue() instanceof JsonString s)) {
                    errors.add(new FieldError(at, "must be a string"));
                    return;
                }
                if (isReserved(key)) {
                    if (!s.getString().equals(kept.get(key))) {
                        errors.add(new FieldError(at, "is reserved for the platform"));
                    }
                    return;
                }
                checkKey(key, at, errors);
                if (labels && !s.getString().isEmpty()
                        && (s.getString().length() > 63 || !LABEL_NAME.matcher(s.getString()).matches())) {
                    errors.add(new FieldError(at, "must be at most 63 letters, digits, '-', '_' or '.', "
                            + "starting and ending with a letter or digit"));
                }
                out.add(key, s.getString());
            });
        }
        kept.forEach(out::add);
        return out;
    }

    private static void checkKey(String key, String at, List<FieldError> errors) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (prefix != null && (prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches())) {
            errors.add(new FieldError(at, "has an invalid prefix: it must be a DNS subdomain"));
        }
        if (name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
            errors.add(new FieldError(at, "has an invalid name: at most 63 letters, digits, '-', '_' or '.', "
                    + "starting and ending with a letter or digit"));
        }
    }

    private static boolean isEmptyArray(JsonValue value) {
        return value instanceof jakarta.json.JsonArray array && array.isEmpty();
    }

    private static Map<String, String> reserved(JsonObject entries) {
        if (entries == null) {
            return Map.of();
        }
        Map<String, String> kept = new java.util.TreeMap<>();
        entries.forEach((key, value) -> {
            if (isReserved(key) && value instanceof JsonString s) {
                kept.put(key, s.getString());
            }
        });
        return kept;
    }

    private static void checkString(JsonObject body, String field, String expected, List<FieldError> errors) {
        JsonValue value = body.get(field);
        if (value != null && !Objects.equals(value, Json.createValue(expected))) {
            errors.add(new FieldError(field, "must be absent or '" + expected + "'"));
        }
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
            throw new InvalidInputException("The resource has " + errors.size()
                    + (errors.size() == 1 ? " invalid field" : " invalid fields"), errors);
        }
    }
}
