package com.kaphera.dev.kubernetes;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run the stand-in; the command line maps one to one onto these.
 *
 * @param host address to bind (loopback by default: there is no authentication)
 * @param port port to bind, 0 for an ephemeral one
 * @param portFile where to write the bound port once listening, or null
 * @param crds directory of CRD manifests applied first, or null
 * @param seed directory of manifests (namespaces, custom resources) applied after the CRDs, or null
 * @param simulateOperator whether to run the {@code DevOnlySimulatedOperator}
 * @param bookmarkInterval how often watches that allow bookmarks get one
 * @param history how many change events watches can resume from
 * @param threads threads for plain (non-watch) requests
 * @param maxWatches concurrent watches before new ones get 429
 */
public record StandInOptions(String host, int port, Path portFile, Path crds, Path seed, boolean simulateOperator,
    Duration bookmarkInterval, int history, int threads, int maxWatches) {

  public static final String USAGE = "usage: KubernetesStandIn [--port N (0 = ephemeral)] [--host 127.0.0.1]"
      + " [--port-file FILE] [--crds DIR] [--seed DIR] [--simulate-operator] [--bookmark-seconds 15]"
      + " [--history 10000] [--threads 64] [--max-watches 512]";

  public StandInOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be 0..65535");
    }
    if (history < 1 || threads < 1 || maxWatches < 1) {
      throw new IllegalArgumentException("--history, --threads and --max-watches must be positive");
    }
    if (bookmarkInterval.isNegative() || bookmarkInterval.isZero()) {
      throw new IllegalArgumentException("--bookmark-seconds must be positive");
    }
  }

  /** Loopback, ephemeral port, nothing preloaded, no simulated operator. */
  public static StandInOptions defaults() {
    return new StandInOptions("127.0.0.1", 0, null, null, null, false, Duration.ofSeconds(15), 10_000, 64, 512);
  }

  /** @throws IllegalArgumentException with a message fit for the user on a bad command line */
  public static StandInOptions parse(String[] args) {
    StandInOptions options = defaults();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--simulate-operator")) {
        options = options.withSimulateOperator(true);
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(arg.startsWith("--") ? arg + " needs a value" : "unknown argument " + arg);
      }
      String value = args[++i];
      options = switch (arg) {
        case "--port" -> options.withPort(integer(arg, value));
        case "--host" -> options.withHost(value);
        case "--port-file" -> options.withPortFile(Path.of(value));
        case "--crds" -> options.withCrds(Path.of(value));
        case "--seed" -> options.withSeed(Path.of(value));
        case "--bookmark-seconds" -> options.withBookmarkInterval(Duration.ofSeconds(integer(arg, value)));
        case "--history" -> options.withHistory(integer(arg, value));
        case "--threads" -> options.withThreads(integer(arg, value));
        case "--max-watches" -> options.withMaxWatches(integer(arg, value));
        default -> throw new IllegalArgumentException("unknown argument " + arg);
      };
    }
    return options;
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs a number, got " + value);
    }
  }

  public StandInOptions withHost(String value) {
    return new StandInOptions(value, port, portFile, crds, seed, simulateOperator, bookmarkInterval, history, threads,
        maxWatches);
  }

  public StandInOptions withPort(int value) {
    return new StandInOptions(host, value, portFile, crds, seed, simulateOperator, bookmarkInterval, history, threads,
        maxWatches);
  }

  public StandInOptions withPortFile(Path value) {
    return new StandInOptions(host, port, value, crds, seed, simulateOperator, bookmarkInterval, history, threads,
        maxWatches);
  }

  public StandInOptions withCrds(Path value) {
    return new StandInOptions(host, port, portFile, value, seed, simulateOperator, bookmarkInterval, history, threads,
        maxWatches);
  }

  public StandInOptions withSeed(Path value) {
    return new StandInOptions(host, port, portFile, crds, value, simulateOperator, bookmarkInterval, history, threads,
        maxWatches);
  }

  public StandInOptions withSimulateOperator(boolean value) {
    return new StandInOptions(host, port, portFile, crds, seed, value, bookmarkInterval, history, threads, maxWatches);
  }

  public StandInOptions withBookmarkInterval(Duration value) {
    return new StandInOptions(host, port, portFile, crds, seed, simulateOperator, value, history, threads, maxWatches);
  }

  public StandInOptions withHistory(int value) {
    return new StandInOptions(host, port, portFile, crds, seed, simulateOperator, bookmarkInterval, value, threads,
        maxWatches);
  }

  public StandInOptions withThreads(int value) {
    return new StandInOptions(host, port, portFile, crds, seed, simulateOperator, bookmarkInterval, history, value,
        maxWatches);
  }

  public StandInOptions withMaxWatches(int value) {
    return new StandInOptions(host, port, portFile, crds, seed, simulateOperator, bookmarkInterval, history, threads,
        value);
  }
}
