package com.kaphera.cloud.crd;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Optional;

/**
 * One kind of custom resource this server serves, read from its CustomResourceDefinition in the
 * cluster (never from code): an operator upgrade that adds a kind or a field needs no server change.
 *
 * @param id         {@code <plural>.<group>}, unique, used in paths
 * @param version    the version served through this API (the CRD's storage version when it is served)
 * @param schema     the openAPIV3Schema of that version
 * @param operator   value of the CRD's {@code kaphera.io/operator} label, if any
 */
public record ResourceType(String id, String group, String version, String kind, String listKind,
        String plural, String singular, List<String> shortNames, List<String> categories, String operator,
        String displayName, boolean namespaced, boolean statusSubresource, JsonObject schema,
        List<PrinterColumn> printerColumns, String definitionVersion) {

    public record PrinterColumn(String name, String type, String jsonPath, String description, int priority) {
    }

    public String apiVersion() {
        return group + "/" + version;
    }

    /** The schema of {@code spec}, or an empty schema when the CRD declares none. */
    public JsonObject specSchema() {
        JsonObject properties = schema.getJsonObject("properties");
        return properties != null && properties.get("spec") instanceof JsonObject spec ? spec : JsonValue.EMPTY_JSON_OBJECT;
    }

    /** Whether the schema lets {@code spec} be absent (the API server then requires nothing). */
    public boolean specRequired() {
        JsonArray required = schema.getJsonArray("required");
        return required != null && required.contains(Json.createValue("spec"));
    }

    /** Builds a type from a CRD as the API server returns it, or empty when no version is served. */
    public static Optional<ResourceType> fromDefinition(JsonObject crd) {
        JsonObject spec = crd.getJsonObject("spec");
        JsonObject names = spec.getJsonObject("names");
        JsonObject chosen = null;
        for (JsonValue v : spec.getJsonArray("versions")) {
            JsonObject version = v.asJsonObject();
            if (!version.getBoolean("served", false)) {
                continue;
            }
            if (chosen == null || version.getBoolean("storage", false)) {
                chosen = version;
            }
        }
        if (chosen == null) {
            return Optional.empty();
        }
        JsonObject metadata = crd.getJsonObject("metadata");
        JsonObject labels = metadata.getJsonObject("labels");
        JsonObject annotations = metadata.getJsonObject("annotations");
        JsonObject schemaHolder = chosen.getJsonObject("schema");
        JsonObject schema = schemaHolder == null ? JsonValue.EMPTY_JSON_OBJECT
                : schemaHolder.getJsonObject("openAPIV3Schema");
        JsonObject subresources = chosen.getJsonObject("subresources");
        String group = spec.getString("group");
        String plural = names.getString("plural");
        return Optional.of(new ResourceType(
                plural + "." + group,
                group,
                chosen.getString("name"),
                names.getString("kind"),
                names.getString("listKind", names.getString("kind") + "List"),
                plural,
                names.getString("singular", names.getString("kind").toLowerCase(java.util.Locale.ROOT)),
                strings(names.getJsonArray("shortNames")),
                strings(names.getJsonArray("categories")),
                labels == null ? null : labels.getString("kaphera.io/operator", null),
                annotations == null ? names.getString("kind") : annotations.getString("kaphera.io/display-name", names.getString("kind")),
                !"Cluster".equals(spec.getString("scope", "Namespaced")),
                subresources != null && subresources.containsKey("status"),
                schema == null ? JsonValue.EMPTY_JSON_OBJECT : schema,
                printerColumns(chosen.getJsonArray("additionalPrinterColumns")),
                metadata.getString("resourceVersion", "")));
    }

    private static List<PrinterColumn> printerColumns(JsonArray columns) {
        if (columns == null) {
            return List.of();
        }
        return columns.getValuesAs(JsonObject.class).stream()
                .map(c -> new PrinterColumn(c.getString("name"), c.getString("type", "string"), c.getString("jsonPath"),
                        c.getString("description", null), c.getInt("priority", 0)))
                .toList();
    }

    private static List<String> strings(JsonArray array) {
        return array == null ? List.of() : array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
