package com.kaphera.dev.operator.connector;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * DEV ONLY. One EDC 0.15.1 control plane process (kaphera-dev-connector.jar) on loopback, with its
 * files in {@code <state dir>/connectors/}: {@code <file>.properties} (the configuration, no secrets,
 * mode 600), {@code <file>.log} (its output, appended) and {@code <file>.pid} (for the scripts that
 * clean up after a killed operator). Secrets reach it only in environment variables
 * ({@code KAPHERA_DEV_VAULT_<LABEL>=<alias>=<secret>}), which only its owner can read.
 */
public final class ConnectorProcess {

  public static final List<String> JAVA_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
  static final String VAULT_PREFIX = "KAPHERA_DEV_VAULT_";
  /** What EDC logs once every extension has started (health answers earlier than that). */
  private static final Pattern READY = Pattern.compile("Runtime \\S+ ready");
  /** The only variables handed down: EDC reads every environment variable as configuration. */
  private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "USER");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final Path log;
  private final Path pidFile;
  private final long logStart;
  private final Instant started = Instant.now();

  private ConnectorProcess(String name, Process process, Path log, Path pidFile, long logStart) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.pidFile = pidFile;
    this.logStart = logStart;
  }

  /**
   * Writes the configuration and starts the process; returns at once.
   *
   * @param secrets seeded into the connector's in-memory vault by its own extension
   */
  public static ConnectorProcess launch(Path jar, Path dir, String fileName, ConnectorConfig config,
      List<VaultSecret> secrets) throws IOException {
    Files.createDirectories(dir);
    Path properties = dir.resolve(fileName + ".properties");
    Path log = dir.resolve(fileName + ".log");
    Path pidFile = dir.resolve(fileName + ".pid");
    Files.deleteIfExists(properties);
    Files.createFile(properties, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Properties edc = new Properties();
    edc.putAll(config.properties());
    try (Writer writer = Files.newBufferedWriter(properties, StandardCharsets.UTF_8)) {
      edc.store(writer, "DEV ONLY: written by kaphera-dev-operator for one real connector; no secrets here");
    }
    Files.writeString(log, "---- " + Instant.now() + " start: DSP " + config.dspEndpoint() + ", management "
        + config.managementEndpoint() + ", jar " + jar + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    long logStart = Files.size(log);

    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder = new ProcessBuilder();
    builder.command().add(java);
    builder.command().addAll(JAVA_OPTIONS);
    builder.command().addAll(List.of("-Dedc.fs.config=" + properties, "-jar", jar.toString(), "--no-color"));
    Map<String, String> environment = builder.environment();
    Map<String, String> inherited = Map.copyOf(environment);
    environment.clear();
    INHERITED.stream().filter(inherited::containsKey).forEach(key -> environment.put(key, inherited.get(key)));
    for (VaultSecret secret : secrets) {
      environment.put(VAULT_PREFIX + secret.label(), secret.alias() + "=" + secret.value());
    }
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process process = builder.start();
    Files.writeString(pidFile, process.pid() + "\n");
    return new ConnectorProcess(fileName, process, log, pidFile, logStart);
  }

  /**
   * Until EDC logged that the runtime is ready and its management API (with the key) and DSP version
   * document answer 200.
   *
   * @throws NotReady if it exited, was cancelled or took longer than {@code timeout}
   */
  public Duration awaitReady(ConnectorConfig config, String managementKey, Duration timeout, BooleanSupplier cancelled)
      throws NotReady, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean logged = false;
    while (System.nanoTime() < deadline) {
      if (cancelled.getAsBoolean()) {
        throw new NotReady("start cancelled");
      }
      if (!process.isAlive()) {
        throw new NotReady("exited with code " + process.exitValue() + " during start-up (log " + log + ")");
      }
      logged = logged || READY.matcher(logSinceStart()).find();
      if (logged && answers(config, managementKey)) {
        return Duration.between(started, Instant.now());
      }
      Thread.sleep(200);
    }
    throw new NotReady("was not ready within " + timeout.toSeconds() + " s (log " + log + ")");
  }

  private String logSinceStart() {
    try (InputStream in = Files.newInputStream(log)) {
      in.skipNBytes(logStart);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean answers(ConnectorConfig config, String managementKey) throws InterruptedException {
    try {
      HttpRequest management = HttpRequest.newBuilder(URI.create(config.managementEndpoint() + "/v3/assets/request"))
          .timeout(Duration.ofSeconds(3)).header("x-api-key", managementKey).header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"@context\":{\"@vocab\":\"https://w3id.org/edc/v0.0.1/ns/\"},\"@type\":\"QuerySpec\",\"limit\":1}"))
          .build();
      HttpRequest dsp = HttpRequest.newBuilder(URI.create(config.dspEndpoint() + "/.well-known/dspace-version"))
          .timeout(Duration.ofSeconds(3)).GET().build();
      return HTTP.send(management, HttpResponse.BodyHandlers.discarding()).statusCode() == 200
          && HTTP.send(dsp, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  public Process process() {
    return process;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  /** SIGTERM, then SIGKILL after {@code grace}; removes the pid file. Blocks up to about grace + 1 s. */
  public void stop(Duration grace) {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          process.waitFor(1, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      try {
        Files.deleteIfExists(pidFile);
      } catch (IOException ignored) {
        // the cleanup scripts check the command line before they act on a pid
      }
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }

  /** The process did not become ready. */
  public static final class NotReady extends Exception {
    private static final long serialVersionUID = 1L;

    public NotReady(String message) {
      super(message);
    }
  }
}
