package com.kaphera.dev.kubernetes.paging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaphera.dev.kubernetes.store.ObjectKey;
import com.kaphera.dev.kubernetes.support.Jackson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code continue} value of a paged list: the resource version of the first page and the
 * key of the last item returned. Paging resumes after that key (keyset, not offset), so an item that
 * is neither created nor deleted during the walk is returned exactly once whatever else changes.
 * Encoded like the real server's (unpadded base64url JSON), which clients must treat as opaque.
 */
public record ContinueToken(long resourceVersion, ObjectKey after) {

  private static final String VERSION = "meta.k8s.io/v1";

  public String encode() {
    ObjectNode json = Jackson.MAPPER.createObjectNode();
    json.put("v", VERSION);
    json.put("rv", resourceVersion);
    json.put("ns", after.namespace());
    json.put("name", after.name());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** @throws IllegalArgumentException with the real server's wording when the token is not one of ours */
  public static ContinueToken decode(String token) {
    try {
      JsonNode json = Jackson.MAPPER.readTree(Base64.getUrlDecoder().decode(token));
      if (!VERSION.equals(json.path("v").asText()) || !json.path("rv").canConvertToLong()
          || !json.path("name").isTextual()) {
        throw new IllegalArgumentException("continue key is not valid: incorrect encoded start resourceVersion");
      }
      return new ContinueToken(json.path("rv").asLong(), new ObjectKey(json.path("ns").asText(""), json.path("name").asText()));
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().startsWith("continue key")
          ? e : new IllegalArgumentException("continue key is not valid: " + e.getMessage());
    } catch (Exception e) {
      throw new IllegalArgumentException("continue key is not valid: " + e.getMessage());
    }
  }
}
