package com.kaphera.dev.operator.connector;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * DEV ONLY. How a ControlPlane resource becomes the configuration of one EDC 0.15.1 process on
 * loopback: a pure function of the object and the ports chosen, so the contract is unit-tested.
 *
 * <ul>
 *   <li>every {@code spec.settings} entry is an EDC configuration key, as is (non-secret by the CRD's
 *       contract), except the keys this mode owns ({@code web.http.*}, {@code edc.hostname},
 *       {@code edc.dsp.callback.address}), which are ignored;</li>
 *   <li>{@code edc.participant.id} defaults to {@code spec.participantId};
 *       {@code edc.iam.did.web.use.https} defaults to false (did:web on loopback is http);</li>
 *   <li>the management API is tokenbased; its key comes from the Secret named by
 *       {@code spec.managementApi.authentication.apiKey.secretKeyRef} and reaches EDC through its vault
 *       under {@value #MANAGEMENT_KEY_ALIAS};</li>
 *   <li>the STS client secret comes from the Secret named by the annotation
 *       {@value #STS_SECRET_ANNOTATION} ({@code <secret-name>/<key>}) and is seeded into the vault under
 *       the alias in {@code edc.iam.sts.oauth.client.secret.alias}.</li>
 * </ul>
 *
 * @param properties the EDC configuration (no secrets), sorted by key
 * @param managementKey where the management API key is
 * @param stsSecret where the STS client secret is, if the resource names one
 * @param stsSecretAlias the vault alias of the STS client secret, if configured
 * @param dspEndpoint the DSP base URL (DSP 2025-1 clients append /2025-1)
 * @param managementEndpoint the management API base URL
 * @param ignoredKeys settings this mode owns, which the resource tried to set
 */
public record ConnectorConfig(SortedMap<String, String> properties, SecretRef managementKey,
    Optional<SecretRef> stsSecret, Optional<String> stsSecretAlias, String dspEndpoint, String managementEndpoint,
    List<String> ignoredKeys) {

  public static final String STS_SECRET_ANNOTATION = "edc.kaphera.io/sts-client-secret";
  public static final String MANAGEMENT_KEY_ALIAS = "kaphera-dev-management-api-key";
  public static final String STS_SECRET_ALIAS_KEY = "edc.iam.sts.oauth.client.secret.alias";
  public static final String EDC_VERSION = "0.15.1";
  static final String DEFAULT_PROTOCOL_PATH = "/api/v1/dsp";
  static final String DEFAULT_MANAGEMENT_PATH = "/management";
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._<>-]*");
  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~/-]*");

  public static ConnectorConfig of(JsonObject controlPlane, ConnectorPorts ports) {
    JsonObject spec = object(controlPlane, "spec");
    String protocolPath = path(string(object(spec, "protocol"), "path"), DEFAULT_PROTOCOL_PATH, "spec.protocol.path");
    JsonObject managementApi = object(spec, "managementApi");
    String managementPath = path(string(managementApi, "path"), DEFAULT_MANAGEMENT_PATH, "spec.managementApi.path");
    String dspEndpoint = "http://127.0.0.1:" + ports.protocol() + protocolPath;
    String managementEndpoint = "http://127.0.0.1:" + ports.management() + managementPath;

    SortedMap<String, String> properties = new TreeMap<>();
    properties.put("edc.iam.did.web.use.https", "false");
    String participantId = string(spec, "participantId");
    if (participantId != null) {
      properties.put("edc.participant.id", participantId);
    }
    List<String> ignored = new ArrayList<>();
    for (Map.Entry<String, JsonElement> setting : object(spec, "settings").entrySet()) {
      String key = setting.getKey();
      if (!KEY.matcher(key).matches() || key.length() > 200) {
        throw new InvalidResource("spec.settings has a key that is not an EDC configuration key: "
            + SecretRef.quote(key));
      }
      if (!setting.getValue().isJsonPrimitive()) {
        throw new InvalidResource("spec.settings." + key + " must be a string");
      }
      if (owned(key)) {
        ignored.add(key);
      } else {
        properties.put(key, setting.getValue().getAsString());
      }
    }
    if (!properties.containsKey("edc.participant.id")) {
      throw new InvalidResource("neither spec.settings edc.participant.id nor spec.participantId is set");
    }
    properties.put("edc.hostname", "127.0.0.1");
    properties.put("edc.dsp.callback.address", dspEndpoint);
    context(properties, "", ports.defaultPort(), "/api");
    context(properties, "management.", ports.management(), managementPath);
    context(properties, "protocol.", ports.protocol(), protocolPath);
    context(properties, "control.", ports.control(), "/api/control");
    context(properties, "version.", ports.version(), "/api/version");
    properties.put("web.http.management.auth.type", "tokenbased");
    properties.put("web.http.management.auth.key.alias", MANAGEMENT_KEY_ALIAS);

    Optional<SecretRef> stsSecret = stsSecret(controlPlane);
    Optional<String> stsAlias = Optional.ofNullable(properties.get(STS_SECRET_ALIAS_KEY)).filter(a -> !a.isBlank());
    if (stsSecret.isPresent() && stsAlias.isEmpty()) {
      throw new InvalidResource("annotation " + STS_SECRET_ANNOTATION + " names the STS client secret, but"
          + " spec.settings has no " + STS_SECRET_ALIAS_KEY + " to store it under");
    }
    if (stsAlias.isPresent() && stsAlias.get().indexOf('=') >= 0) {
      throw new InvalidResource(STS_SECRET_ALIAS_KEY + " must not contain '='");
    }
    return new ConnectorConfig(properties, managementKey(managementApi), stsSecret, stsAlias, dspEndpoint,
        managementEndpoint, ignored.stream().sorted().toList());
  }

  private static SecretRef managementKey(JsonObject managementApi) {
    JsonObject authentication = object(managementApi, "authentication");
    String type = string(authentication, "type");
    JsonObject reference = object(object(authentication, "apiKey"), "secretKeyRef");
    if (type != null && !"ApiKey".equals(type) || !reference.has("name") || !reference.has("key")) {
      throw new InvalidResource("a real dev connector needs spec.managementApi.authentication type ApiKey with"
          + " apiKey.secretKeyRef {name, key}");
    }
    return new SecretRef(string(reference, "name"), string(reference, "key"));
  }

  private static Optional<SecretRef> stsSecret(JsonObject controlPlane) {
    String annotation = string(object(object(controlPlane, "metadata"), "annotations"), STS_SECRET_ANNOTATION);
    if (annotation == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(SecretRef.parse(annotation));
    } catch (InvalidResource e) {
      throw new InvalidResource("annotation " + STS_SECRET_ANNOTATION + ": " + e.getMessage());
    }
  }

  /** Keys this mode sets itself: ports and paths on loopback, the host, the callback, the API auth. */
  static boolean owned(String key) {
    return key.startsWith("web.http.") || key.equals("edc.hostname") || key.equals("edc.dsp.callback.address")
        || key.startsWith("edc.fs.");
  }

  private static void context(Map<String, String> properties, String context, int port, String path) {
    properties.put("web.http." + context + "port", String.valueOf(port));
    properties.put("web.http." + context + "path", path);
  }

  private static String path(String value, String fallback, String field) {
    if (value == null) {
      return fallback;
    }
    if (!PATH.matcher(value).matches()) {
      throw new InvalidResource(field + " is not a URL path: " + SecretRef.quote(value));
    }
    return value.length() > 1 && value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }

  static JsonObject object(JsonObject parent, String name) {
    JsonElement child = parent == null ? null : parent.get(name);
    return child != null && child.isJsonObject() ? child.getAsJsonObject() : new JsonObject();
  }

  static String string(JsonObject parent, String name) {
    JsonElement child = parent.get(name);
    return child != null && child.isJsonPrimitive() ? child.getAsString() : null;
  }
}
