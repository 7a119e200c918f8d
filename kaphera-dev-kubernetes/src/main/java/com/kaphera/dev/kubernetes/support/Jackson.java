package com.kaphera.dev.kubernetes.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The stand-in's own JSON mapper, for the trees it reads and rewrites (fabric8 keeps using its own).
 * Decimals stay BigDecimal so a number in a spec comes back exactly as the client wrote it.
 */
public final class Jackson {

  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  private Jackson() {
  }
}
