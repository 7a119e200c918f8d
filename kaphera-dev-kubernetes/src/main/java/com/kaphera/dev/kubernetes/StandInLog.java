package com.kaphera.dev.kubernetes;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One line per start, stop and failed request on stdout, which scripts/k8s-standin.sh sends to the
 * state directory's log. Request bodies are never logged: seeds and clients may put secrets in them.
 */
final class StandInLog {

  private StandInLog() {
  }

  static void line(String message) {
    System.out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " k8s-standin " + message);
    System.out.flush();
  }
}
