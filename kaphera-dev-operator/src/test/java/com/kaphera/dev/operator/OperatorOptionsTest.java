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
}
