package com.kaphera.dev.operator;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run the dev-only operator; the command line maps one to one onto these.
 *
 * @param kubeconfig the kubeconfig to act with (the admin one: it plays every operator)
 * @param delay how long after a create or spec change an object is marked Ready (status-only kinds),
 *     or its connector is (re)started (real mode)
 * @param log file to append the log to, or null for stdout
 * @param connectors whether ControlPlanes get a real EDC process or only a status
 * @param connectorJar the shaded kaphera-dev-connector jar (real mode only)
 * @param stateDir where real connectors keep their configuration, pid and log files (real mode only)
 * @param identityApiUrl DEV ONLY: the Identity API of the dev wallet that plays every IdentityHub resource's
 *     wallet (reported as status.identityApiUrl, with status.did and status.credentialServiceUrl from the spec),
 *     or null to report none
 */
public record OperatorOptions(Path kubeconfig, Duration delay, Path log, Connectors connectors, Path connectorJar,
    Path stateDir, String identityApiUrl) {

  /** What a ControlPlane gets. */
  public enum Connectors {
    /** A Ready status only, as for every other kind. */
    STATUS_ONLY("status-only"),
    /** A real EDC 0.15.1 control plane process on loopback, and a status that tells its truth. */
    REAL("real");

    private final String option;

    Connectors(String option) {
      this.option = option;
    }

    static Connectors of(String value) {
      for (Connectors mode : values()) {
        if (mode.option.equals(value)) {
          return mode;
        }
      }
      throw new IllegalArgumentException("--connectors must be real or status-only, not " + value);
    }

    @Override
    public String toString() {
      return option;
    }
  }

  public static final String USAGE = "usage: DevOnlySimulatedOperator --kubeconfig FILE [--delay-ms 1000] [--log FILE]"
      + " [--connectors status-only|real --connector-jar JAR --state-dir DIR] [--identity-api-url URL]";

  public OperatorOptions {
    if (kubeconfig == null) {
      throw new IllegalArgumentException("--kubeconfig is required");
    }
    if (delay.isNegative()) {
      throw new IllegalArgumentException("--delay-ms must not be negative");
    }
    if (connectors == Connectors.REAL && (connectorJar == null || stateDir == null)) {
      throw new IllegalArgumentException("--connectors real needs --connector-jar and --state-dir");
    }
    if (identityApiUrl != null && !identityApiUrl.matches("https?://[^\\s]+")) {
      throw new IllegalArgumentException("--identity-api-url needs an http(s) URL, got " + identityApiUrl);
    }
  }

  /** @throws IllegalArgumentException with a message fit for the user on a bad command line */
  public static OperatorOptions parse(String[] args) {
    Path kubeconfig = null;
    Duration delay = Duration.ofSeconds(1);
    Path log = null;
    Connectors connectors = Connectors.STATUS_ONLY;
    Path connectorJar = null;
    Path stateDir = null;
    String identityApiUrl = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(arg.startsWith("--") ? arg + " needs a value" : "unknown argument " + arg);
      }
      String value = args[++i];
      switch (arg) {
        case "--kubeconfig" -> kubeconfig = Path.of(value);
        case "--delay-ms" -> delay = Duration.ofMillis(number(arg, value));
        case "--log" -> log = Path.of(value);
        case "--connectors" -> connectors = Connectors.of(value);
        case "--connector-jar" -> connectorJar = Path.of(value);
        case "--state-dir" -> stateDir = Path.of(value);
        case "--identity-api-url" -> identityApiUrl = value;
        default -> throw new IllegalArgumentException("unknown argument " + arg);
      }
    }
    return new OperatorOptions(kubeconfig, delay, log, connectors, connectorJar, stateDir, identityApiUrl);
  }

  private static long number(String name, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs a number, got " + value);
    }
  }
}
