package com.kaphera.dev.operator.status;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.kaphera.dev.operator.kubernetes.ResourceKind;

/**
 * DEV ONLY. What the simulated operator adds to an {@code IdentityHub} (edc.kaphera.io) status when it is
 * told, with {@code --identity-api-url}, which wallet plays every organisation's own wallet here: the dev
 * IdentityHub the platform itself uses (a real EDC IdentityHub 0.15.1). No wallet is deployed per resource;
 * the status only says where the one dev wallet's Identity API is, as kaphera-edc-operator would report
 * the wallet it deployed. Pure functions over the object's JSON, tested without a cluster.
 */
public final class WalletStatus {

  public static final String GROUP = "edc.kaphera.io";
  public static final String KIND = "IdentityHub";

  private WalletStatus() {
  }

  /** Whether {@code kind} is the IdentityHub kind whose status gets the wallet's addresses. */
  public static boolean applies(ResourceKind kind) {
    return GROUP.equals(kind.group()) && KIND.equals(kind.kind()) && kind.namespaced();
  }

  /**
   * {@code status} with {@code identityApiUrl}, {@code did} = {@code spec.did} and, when the spec names one,
   * {@code credentialServiceUrl} = {@code spec.credentialServiceUrl}: the dev wallet serves whatever DID the
   * resource asks for, because the platform creates the participant context for it there. Every other field
   * is kept; without a spec.did none is reported.
   */
  public static JsonObject withWallet(JsonObject status, JsonObject object, String identityApiUrl) {
    JsonObject written = status.deepCopy();
    written.addProperty("identityApiUrl", identityApiUrl);
    JsonElement spec = object.get("spec");
    if (spec != null && spec.isJsonObject()) {
      String did = string(spec.getAsJsonObject(), "did");
      if (did != null) {
        written.addProperty("did", did);
      }
      String credentialService = string(spec.getAsJsonObject(), "credentialServiceUrl");
      if (credentialService != null) {
        written.addProperty("credentialServiceUrl", credentialService);
      }
    }
    return written;
  }

  private static String string(JsonObject object, String field) {
    JsonElement value = object.get(field);
    return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() ? value.getAsString() : null;
  }
}
