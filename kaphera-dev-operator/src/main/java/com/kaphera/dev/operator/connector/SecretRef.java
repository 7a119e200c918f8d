package com.kaphera.dev.operator.connector;

import java.util.regex.Pattern;

/**
 * One key of a Kubernetes Secret in the resource's own namespace.
 *
 * @param name the Secret's name
 * @param key the key within its data
 */
public record SecretRef(String name, String key) {

  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  public SecretRef {
    if (name == null || name.length() > 253 || !NAME.matcher(name).matches()) {
      throw new InvalidResource("not a Secret name: " + quote(name));
    }
    if (key == null || key.length() > 253 || !KEY.matcher(key).matches()) {
      throw new InvalidResource("not a Secret key: " + quote(key));
    }
  }

  /** {@code <secret-name>/<key>}, as in the annotation {@value ConnectorConfig#STS_SECRET_ANNOTATION}. */
  public static SecretRef parse(String reference) {
    int slash = reference == null ? -1 : reference.indexOf('/');
    if (slash <= 0 || slash != reference.lastIndexOf('/')) {
      throw new InvalidResource("a Secret reference is <secret-name>/<key>, not " + quote(reference));
    }
    return new SecretRef(reference.substring(0, slash), reference.substring(slash + 1));
  }

  /** Caller text in messages: bounded, control characters replaced. */
  static String quote(String text) {
    if (text == null) {
      return "nothing";
    }
    String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
    return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
  }

  @Override
  public String toString() {
    return "Secret " + name + " key " + key;
  }
}
