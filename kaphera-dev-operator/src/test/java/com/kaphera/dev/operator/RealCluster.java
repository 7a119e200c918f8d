package com.kaphera.dev.operator;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real kube-apiserver and etcd for one test class, run by scripts/kube-apiserver.sh on a free
 * loopback port, plus the repository's scripts (kubectl as the admin, dev-operator.sh).
 */
final class RealCluster {

  final Path repo;
  final Path dir;
  final Path kubeconfig;
  final ApiClient client;

  private RealCluster(Path repo, Path dir) throws IOException {
    this.repo = repo;
    this.dir = dir;
    this.kubeconfig = dir.resolve("admin.kubeconfig");
    try (Reader reader = Files.newBufferedReader(kubeconfig)) {
      this.client = ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(reader)).build();
    }
  }

  /** Starts a cluster with its state in {@code dir}; stops it again if anything after the start fails. */
  static RealCluster start(Path repo, Path dir) throws IOException, InterruptedException {
    run(repo, 120, "scripts/kube-apiserver.sh", "start", dir.toString(), "0");
    try {
      return new RealCluster(repo, dir);
    } catch (IOException | RuntimeException e) {
      run(repo, 60, "scripts/kube-apiserver.sh", "stop", dir.toString());
      throw e;
    }
  }

  /** kubectl as the cluster admin; fails the test on a non-zero exit. */
  String kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("scripts/kube-apiserver.sh", "kubectl", dir.toString()));
    command.addAll(List.of(args));
    return run(repo, 90, command.toArray(String[]::new));
  }

  /** Runs a repository script from the repository root; its output, or an AssertionError with it. */
  static String run(Path repo, int timeoutSeconds, String... command) throws IOException, InterruptedException {
    // Output to a file, not a pipe: a detached child that kept the pipe would block reading it.
    Path output = Files.createTempFile("dev-operator-it-", ".out");
    try {
      Process process = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true)
          .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + text);
      }
      return text;
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /** Stops the operator of {@code operatorDir} (and its connectors) and prints its log, for the test report. */
  void stopOperator(Path operatorDir) throws IOException, InterruptedException {
    run(repo, 30, "scripts/dev-operator.sh", "stop", operatorDir.toString());
    Path log = operatorDir.resolve("dev-operator.log");
    if (Files.exists(log)) {
      System.out.println("---- " + log + "\n" + Files.readString(log));
    }
  }

  /** Removes a test's work folder (cluster state, operator files). */
  static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  void stop() throws IOException, InterruptedException {
    client.getHttpClient().dispatcher().executorService().shutdownNow();
    client.getHttpClient().connectionPool().evictAll();
    run(repo, 60, "scripts/kube-apiserver.sh", "stop", dir.toString());
  }
}
