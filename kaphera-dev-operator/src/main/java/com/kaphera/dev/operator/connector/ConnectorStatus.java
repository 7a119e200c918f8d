package com.kaphera.dev.operator.connector;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.kaphera.dev.operator.status.ReadyStatus;
import java.time.Instant;
import java.util.Map;

/**
 * DEV ONLY. What a real dev connector's ControlPlane status says: pure functions over the existing
 * status, so the contract is unit-tested. Conditions are written as {@link ReadyStatus} writes them
 * (Ready, Progressing, Degraded first; others kept; lastTransitionTime kept while unchanged).
 *
 * @param phase Ready, Provisioning, Degraded or Failed
 * @param ready Ready condition
 * @param progressing Progressing condition
 * @param degraded Degraded condition
 * @param reason the conditions' reason (CamelCase)
 * @param message the conditions' message; always starts with DEV ONLY
 * @param dspEndpoint the DSP base URL while Ready, else null (the field is removed)
 * @param managementEndpoint the management API base URL while Ready, else null (removed)
 */
public record ConnectorStatus(String phase, boolean ready, boolean progressing, boolean degraded, String reason,
    String message, String dspEndpoint, String managementEndpoint) {

  static final String RUNNING = "DEV ONLY: a real EDC " + ConnectorConfig.EDC_VERSION + " process on loopback"
      + " (127.0.0.1), run by kaphera-dev-operator --connectors real; not a production connector";

  public static ConnectorStatus running(String dspEndpoint, String managementEndpoint) {
    return new ConnectorStatus("Ready", true, false, false, "Reconciled", RUNNING, dspEndpoint, managementEndpoint);
  }

  public static ConnectorStatus starting() {
    return new ConnectorStatus("Provisioning", false, true, false, "Starting",
        "DEV ONLY: starting a real EDC " + ConnectorConfig.EDC_VERSION + " process on loopback", null, null);
  }

  /** A Secret or key the resource names does not exist (yet); retried. */
  public static ConnectorStatus waitingForSecret(String what) {
    return new ConnectorStatus("Provisioning", false, true, true, "SecretNotFound",
        "DEV ONLY: cannot start the EDC process: " + what + "; retrying", null, null);
  }

  /** The process exited or did not become ready; restarted after a back-off. */
  public static ConnectorStatus crashed(String what) {
    return new ConnectorStatus("Degraded", false, true, true, "ProcessExited",
        "DEV ONLY: the EDC " + ConnectorConfig.EDC_VERSION + " process " + what + "; restarting", null, null);
  }

  /** The spec cannot be run; nothing is retried until it changes. */
  public static ConnectorStatus invalid(String what) {
    return new ConnectorStatus("Failed", false, false, true, "InvalidSpec", "DEV ONLY: " + what, null, null);
  }

  /** The existing status with this one's phase, conditions, endpoints and replica count applied. */
  public JsonObject applyTo(JsonElement existing, long generation, Instant now) {
    JsonObject status = ReadyStatus.of(existing, generation, now, phase, Map.of("Ready", value(ready),
        "Progressing", value(progressing), "Degraded", value(degraded)), reason, message);
    if (ready) {
      status.addProperty("dspEndpoint", dspEndpoint);
      status.addProperty("managementEndpoint", managementEndpoint);
      status.addProperty("connectorVersion", ConnectorConfig.EDC_VERSION);
      status.addProperty("readyReplicas", 1);
    } else {
      // The ports of a process that is not running mean nothing; a restart chooses new ones.
      status.remove("dspEndpoint");
      status.remove("managementEndpoint");
      status.addProperty("readyReplicas", 0);
    }
    return status;
  }

  private static String value(boolean condition) {
    return condition ? "True" : "False";
  }
}
