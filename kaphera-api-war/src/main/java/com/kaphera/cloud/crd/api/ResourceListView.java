package com.kaphera.cloud.crd.api;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;

/**
 * One page of custom resources. {@code continue} is absent on the last page; {@code resourceVersion}
 * is where a watch should start to see every change after this list.
 */
public record ResourceListView(List<JsonObject> items, @JsonbProperty("continue") String next,
        String resourceVersion) {
}
