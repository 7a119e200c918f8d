package com.kaphera.dev.operator;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run the dev-only operator; the command line maps one to one onto these.
 *
 * @param kubeconfig the kubeconfig to act with (the admin one: it plays every operator)
 * @param delay how long after a create or spec change an object is marked Ready
 * @param log file to append the log to, or null for stdout
 */
public record OperatorOptions(Path kubeconfig, Duration delay, Path log) {

  public static final String USAGE =
      "usage: DevOnlySimulatedOperator --kubeconfig FILE [--delay-ms 1000] [--log FILE]";

  public OperatorOptions {
    if (kubeconfig == null) {
      throw new IllegalArgumentException("--kubeconfig is required");
    }
    if (delay.isNegative()) {
      throw new IllegalArgumentException("--delay-ms must not be negative");
    }
  }

  /** @throws IllegalArgumentException with a message fit for the user on a bad command line */
  public static OperatorOptions parse(String[] args) {
    Path kubeconfig = null;
    Duration delay = Duration.ofSeconds(1);
    Path log = null;
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
        default -> throw new IllegalArgumentException("unknown argument " + arg);
      }
    }
    return new OperatorOptions(kubeconfig, delay, log);
  }

  private static long number(String name, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs a number, got " + value);
    }
  }
}
