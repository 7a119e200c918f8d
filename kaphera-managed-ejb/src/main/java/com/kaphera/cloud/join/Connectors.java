package com.kaphera.cloud.join;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Provisions a participant's connector. {@link CrdConnectors} writes the operators' custom resources;
 * every method is idempotent (a re-run after a crash finds what the first run created).
 */
public interface Connectors {

    /**
     * What a connector is wired with. Resources get references to secrets only: the management API key
     * goes into a Secret; the wallet's STS client secret was put into one by the identity step.
     */
    record Wiring(String participantId, String did, String participantContextId, String issuerDid, URI stsTokenUrl,
            String managementApiKey) {
        /** The same wiring with no secret at all (for the configuration bundle handed out). */
        public Wiring withoutSecrets() {
            return new Wiring(participantId, did, participantContextId, issuerDid, stsTokenUrl, null);
        }

        @Override
        public String toString() {
            return "Wiring[" + participantId + ", " + did + "]"; // the secrets stay out of logs
        }
    }

    /** Creates (or finds) the resources of {@code model} in {@code namespace}; returns their kinds/names. */
    List<String> provision(JoinFlow join, String namespace, DeploymentModel model, String dataspaceSlug, Wiring wiring);

    /** The resources a join created, as the bundle an on-premise customer applies (no secret values). */
    List<jakarta.json.JsonObject> bundle(JoinFlow join, String dataspaceSlug, Wiring wiring);

    /**
     * Waits (a watch, at most {@code wait}) for the control plane to be reported Ready for its current
     * generation; returns its endpoints, or empty when it is not ready yet.
     */
    java.util.Optional<Endpoints> awaitReady(String namespace, String dataspaceSlug, Duration wait);

    /** Deletes what {@link #provision} created (compensation on cancel); returns what was deleted. */
    List<String> deprovision(String namespace, DeploymentModel model, String dataspaceSlug);

    /** A ready control plane's endpoints as its operator reported them (null when not reported). */
    record Endpoints(String dsp, String management, String message) {
    }
}
