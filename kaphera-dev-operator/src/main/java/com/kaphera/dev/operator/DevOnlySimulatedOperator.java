package com.kaphera.dev.operator;

import com.kaphera.dev.operator.connector.ConnectorProcess;
import com.kaphera.dev.operator.connector.ConnectorSupervisor;
import com.kaphera.dev.operator.discovery.KindDiscovery;
import com.kaphera.dev.operator.discovery.OperatedKinds;
import com.kaphera.dev.operator.kubernetes.CustomObjects;
import com.kaphera.dev.operator.kubernetes.KubernetesClients;
import com.kaphera.dev.operator.status.StatusSimulator;
import com.kaphera.dev.operator.status.WalletStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * DEV ONLY. Pretends the Kaphera operators exist, against a real Kubernetes API server: custom
 * resources of every {@code *.kaphera.io} kind with a status subresource are marked Ready about
 * {@code --delay-ms} after each create or spec change. Nothing is deployed, which is why every start
 * logs a loud warning and the conditions' message says so. Run by scripts/dev-operator.sh with the
 * cluster admin's kubeconfig: it plays every operator, and real operators have their own rights.
 */
public final class DevOnlySimulatedOperator implements AutoCloseable {

  private static final Duration SHUTDOWN = Duration.ofMillis(1500);

  private final KubernetesClients clients;
  private final StatusSimulator simulator;
  private final KindDiscovery discovery;
  /** Real connectors (--connectors real), or null. */
  private final ConnectorSupervisor connectors;
  private final Consumer<String> log;
  private final CountDownLatch closed = new CountDownLatch(1);

  private DevOnlySimulatedOperator(KubernetesClients clients, OperatorOptions options, Consumer<String> log) {
    this.clients = clients;
    this.log = log;
    CustomObjects objects = new CustomObjects(clients.requests());
    this.simulator = new StatusSimulator(objects, Clock.systemUTC(), options.delay(), log, options.identityApiUrl());
    if (options.connectors() == OperatorOptions.Connectors.REAL) {
      this.connectors = new ConnectorSupervisor(objects, clients.requests(), options.connectorJar(), options.stateDir(),
          Clock.systemUTC(), options.delay(), log, simulator.scheduler());
      simulator.runConnectorsWith(connectors);
    } else {
      this.connectors = null;
    }
    this.discovery = new KindDiscovery(clients, simulator, log);
  }

  /** Connects and starts watching; returns at once (the watches run on their own threads). */
  public static DevOnlySimulatedOperator start(OperatorOptions options, Consumer<String> log) throws IOException {
    log.accept("DEV ONLY ************************************************************************");
    log.accept("DEV ONLY: simulated operator. Custom resources of *" + OperatedKinds.GROUP_SUFFIX + " groups are"
        + " marked Ready about " + options.delay().toMillis() + " ms after each spec change. Nothing is deployed;"
        + " never run this against a real cluster or outside development.");
    if (options.connectors() == OperatorOptions.Connectors.REAL) {
      if (!options.connectorJar().toFile().isFile()) {
        throw new IOException("--connector-jar " + options.connectorJar() + " does not exist; build it: mvn -q -pl"
            + " kaphera-dev-connector -am package");
      }
      log.accept("DEV ONLY: --connectors real: each ControlPlane (" + ConnectorSupervisor.GROUP + ") runs a real EDC"
          + " 0.15.1 control plane process on 127.0.0.1 (" + String.join(" ", ConnectorProcess.JAVA_OPTIONS)
          + "), files in " + options.stateDir().toAbsolutePath().resolve("connectors"));
    }
    if (options.identityApiUrl() != null) {
      log.accept("DEV ONLY: --identity-api-url: every IdentityHub (" + WalletStatus.GROUP + ") is reported as served by"
          + " the one dev wallet whose Identity API is " + options.identityApiUrl() + " (status.identityApiUrl; status.did"
          + " and status.credentialServiceUrl as its spec asks). No wallet is deployed per resource.");
    }
    log.accept("DEV ONLY ************************************************************************");
    KubernetesClients clients = KubernetesClients.fromKubeconfig(options.kubeconfig());
    log.accept("Kubernetes API: " + clients.description());
    DevOnlySimulatedOperator operator = new DevOnlySimulatedOperator(clients, options, log);
    operator.simulator.start();
    operator.discovery.start();
    return operator;
  }

  public static void main(String[] args) throws InterruptedException {
    OperatorOptions options;
    try {
      options = OperatorOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(OperatorOptions.USAGE);
      System.exit(2);
      return;
    }
    OperatorLog log;
    DevOnlySimulatedOperator operator;
    try {
      log = options.log() == null ? OperatorLog.stdout() : OperatorLog.appendingTo(options.log());
      operator = start(options, log);
    } catch (IOException | RuntimeException e) {
      System.err.println("dev-operator: cannot start: " + e);
      System.exit(1);
      return;
    }
    // SIGTERM (scripts/dev-operator.sh stop) runs this; everything else is a daemon thread.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      operator.close();
      log.close();
    }, "dev-operator-shutdown"));
    operator.closed.await();
  }

  /** Stops watching and writing, within about 1.5 s, then every real connector (about 3 s, at most 7 s). */
  @Override
  public synchronized void close() {
    if (closed.getCount() == 0) {
      return;
    }
    try {
      simulator.close();
      discovery.close(SHUTDOWN);
      simulator.await(Duration.ofMillis(200));
      if (connectors != null) {
        connectors.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      clients.close();
      log.accept("stopped");
      closed.countDown();
    }
  }
}
