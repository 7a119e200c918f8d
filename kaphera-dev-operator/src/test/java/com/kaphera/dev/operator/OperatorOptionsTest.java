package com.kaphera.dev.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OperatorOptionsTest {

  @Test
  void defaultsToOneSecondAndStdout() {
    OperatorOptions options = OperatorOptions.parse(new String[] {"--kubeconfig", "admin.kubeconfig"});

    assertEquals(Path.of("admin.kubeconfig"), options.kubeconfig());
    assertEquals(Duration.ofSeconds(1), options.delay());
    assertNull(options.log());
  }

  @Test
  void readsDelayAndLogFile() {
    OperatorOptions options = OperatorOptions.parse(
        new String[] {"--kubeconfig", "k", "--delay-ms", "250", "--log", "dev-operator.log"});

    assertEquals(Duration.ofMillis(250), options.delay());
    assertEquals(Path.of("dev-operator.log"), options.log());
  }

  @Test
  void rejectsAMissingKubeconfig() {
    assertEquals("--kubeconfig is required",
        assertThrows(IllegalArgumentException.class, () -> OperatorOptions.parse(new String[0])).getMessage());
  }

  @Test
  void rejectsUnknownArgumentsAndBadNumbers() {
    assertThrows(IllegalArgumentException.class,
        () -> OperatorOptions.parse(new String[] {"--kubeconfig", "k", "--namespace", "x"}));
    assertThrows(IllegalArgumentException.class,
        () -> OperatorOptions.parse(new String[] {"--kubeconfig", "k", "--delay-ms", "soon"}));
    assertThrows(IllegalArgumentException.class, () -> OperatorOptions.parse(new String[] {"--kubeconfig"}));
  }

  @Test
  void defaultsToStatusOnlyConnectors() {
    assertEquals(OperatorOptions.Connectors.STATUS_ONLY,
        OperatorOptions.parse(new String[] {"--kubeconfig", "k"}).connectors());
  }

  @Test
  void readsRealConnectorModeWithItsJarAndStateDir() {
    OperatorOptions options = OperatorOptions.parse(new String[] {"--kubeconfig", "k", "--connectors", "real",
        "--connector-jar", "kaphera-dev-connector.jar", "--state-dir", ".dev/operator"});

    assertEquals(OperatorOptions.Connectors.REAL, options.connectors());
    assertEquals(Path.of("kaphera-dev-connector.jar"), options.connectorJar());
    assertEquals(Path.of(".dev/operator"), options.stateDir());
  }

  @Test
  void rejectsRealModeWithoutJarOrStateDirAndUnknownModes() {
    assertThrows(IllegalArgumentException.class,
        () -> OperatorOptions.parse(new String[] {"--kubeconfig", "k", "--connectors", "real", "--state-dir", "d"}));
    assertThrows(IllegalArgumentException.class,
        () -> OperatorOptions.parse(new String[] {"--kubeconfig", "k", "--connectors", "docker"}));
  }

  @Test
  void readsTheDevWalletsIdentityApiUrlAndRejectsOneThatIsNoUrl() {
    assertNull(OperatorOptions.parse(new String[] {"--kubeconfig", "k"}).identityApiUrl());
    assertEquals("http://127.0.0.1:7101/api/identity", OperatorOptions.parse(new String[] {"--kubeconfig", "k",
        "--identity-api-url", "http://127.0.0.1:7101/api/identity"}).identityApiUrl());
    assertThrows(IllegalArgumentException.class,
        () -> OperatorOptions.parse(new String[] {"--kubeconfig", "k", "--identity-api-url", "127.0.0.1:7101"}));
  }
}
