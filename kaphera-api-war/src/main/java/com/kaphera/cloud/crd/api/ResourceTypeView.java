package com.kaphera.cloud.crd.api;

import com.kaphera.cloud.crd.ResourceType;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * A kind as consoles, the CLI and the Terraform provider need it: names, where to call it, its
 * JSON schema (draw a form, generate a provider schema) and the columns to show in a table.
 */
public record ResourceTypeView(String id, String group, String version, String apiVersion, String kind,
        String plural, String singular, List<String> shortNames, List<String> categories, String operator,
        String displayName, boolean statusSubresource, String path, JsonObject schema,
        List<ResourceType.PrinterColumn> printerColumns) {

    public static ResourceTypeView of(ResourceType t) {
        return new ResourceTypeView(t.id(), t.group(), t.version(), t.apiVersion(), t.kind(), t.plural(),
                t.singular(), t.shortNames(), t.categories(), t.operator(), t.displayName(), t.statusSubresource(),
                "/api/v1/organisations/{org}/resources/" + t.id(), t.schema(), t.printerColumns());
    }
}
