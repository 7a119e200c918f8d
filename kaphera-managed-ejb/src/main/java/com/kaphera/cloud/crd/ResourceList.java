package com.kaphera.cloud.crd;

import jakarta.json.JsonObject;
import java.util.List;

/**
 * One page of custom resources in the API server's stable order.
 *
 * @param continueToken   opaque; pass it back for the next page, null on the last page
 * @param resourceVersion the list's resourceVersion: start a watch from it to miss nothing
 */
public record ResourceList(List<JsonObject> items, String continueToken, String resourceVersion) {
}
