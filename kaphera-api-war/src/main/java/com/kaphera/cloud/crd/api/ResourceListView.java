package com.kaphera.cloud.crd.api;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of custom resources. {@code continue} is absent on the last page; {@code resourceVersion}
 * is where a watch should start to see every change after this list.
 */
@Schema(name = "ResourceList", example = """
        {"items":[{"apiVersion":"edc.kaphera.io/v1alpha1","kind":"ControlPlane",
                   "metadata":{"name":"connector","namespace":"kaphera-oem-frankfurt","resourceVersion":"4711"},
                   "spec":{"participantId":"BPNL00000003AYRE","replicas":1}}],
         "continue":"eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NDcxMX0","resourceVersion":"4712"}""")
public record ResourceListView(
        @Schema(type = SchemaType.ARRAY, implementation = CustomResourceApi.KubernetesObjectSchema.class) List<JsonObject> items,
        @Schema(description = "Token for the next page; absent on the last one") @JsonbProperty("continue") String next,
        @Schema(description = "Where a watch should start to see every change after this list") String resourceVersion) {
}
