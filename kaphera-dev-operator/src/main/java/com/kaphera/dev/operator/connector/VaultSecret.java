package com.kaphera.dev.operator.connector;

/**
 * A secret for a dev connector's in-memory vault, handed over as the environment variable
 * {@code KAPHERA_DEV_VAULT_<label>=<alias>=<value>}.
 */
public record VaultSecret(String label, String alias, String value) {

  public VaultSecret {
    if (!label.matches("[A-Z][A-Z0-9_]*")) {
      throw new IllegalArgumentException("label must be upper-case letters, digits and _: " + label);
    }
    if (alias.isEmpty() || alias.indexOf('=') >= 0) {
      throw new IllegalArgumentException("a vault alias is non-empty and has no '='");
    }
    if (value.isEmpty()) {
      throw new IllegalArgumentException("empty secret for alias " + alias);
    }
  }

  @Override
  public String toString() {
    return "VaultSecret[" + label + ", alias=" + alias + ", value=(hidden)]";
  }
}
