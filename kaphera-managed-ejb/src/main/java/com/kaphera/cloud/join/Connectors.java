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
            URI credentialService, String managementApiKey) {
        /** The same wiring with no secret at all (for the configuration bundle handed out). */
        public Wiring withoutSecrets() {
            return new Wiring(participantId, did, participantContextId, issuerDid, stsTokenUrl, credentialService, null);
        }

        @Override
        public String toString() {
            return "Wiring[" + participantId + ", " + did + "]"; // the secrets stay out of logs
        }
    }

    /**
     * Creates (or finds) the connector's resources of {@code model} in {@code namespace}; returns their
     * kinds/names. Dedicated managed: the NATS cluster and the connector, on the wallet infrastructure
     * {@link #provisionWallet} created in the identity step (not created again here).
     */
    List<String> provision(JoinFlow join, String namespace, DeploymentModel model, String dataspaceSlug, Wiring wiring);

    /**
     * Dedicated managed, identity step: creates (or finds) the organisation's own wallet infrastructure,
     * {@code PostgresInstance}, {@code VaultInstance} and the {@code IdentityHub} for {@code wiring}'s DID;
     * returns their kinds/names.
     */
    List<String> provisionWallet(JoinFlow join, String namespace, String dataspaceSlug, Wiring wiring);

    /**
     * Waits (a watch, at most {@code wait}) for the organisation's {@code IdentityHub} to be reported Ready
     * for its current generation; returns what its operator reports, or empty when it is not ready yet.
     */
    java.util.Optional<WalletStatus> awaitWalletReady(String namespace, String dataspaceSlug, Duration wait);

    /** The resources a join created, as the bundle an on-premise customer applies (no secret values). */
    List<jakarta.json.JsonObject> bundle(JoinFlow join, String dataspaceSlug, Wiring wiring);

    /**
     * Waits (a watch, at most {@code wait}) for the control plane to be reported Ready for its current
     * generation; returns its endpoints, or empty when it is not ready yet.
     */
    java.util.Optional<Endpoints> awaitReady(String namespace, String dataspaceSlug, Duration wait);

    /**
     * Deletes what {@link #provisionWallet} and {@link #provision} created for join {@code joinId}
     * (compensation on cancel): only objects labelled with that join; returns what was deleted.
     */
    List<String> deprovision(String joinId, String namespace, DeploymentModel model, String dataspaceSlug);

    /** A ready control plane's endpoints as its operator reported them (null when not reported). */
    record Endpoints(String dsp, String management, String message) {
    }

    /**
     * A ready dedicated wallet as its operator reports it in the {@code IdentityHub} status (null when not
     * reported): the DID it serves, its Identity API's base URL and the CredentialService it publishes.
     */
    record WalletStatus(String resource, String did, String identityApiUrl, String credentialServiceUrl) {
    }
}
