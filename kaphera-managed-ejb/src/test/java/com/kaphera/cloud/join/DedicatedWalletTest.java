package com.kaphera.cloud.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Dedicated managed: the organisation's own wallet first (identity step), then the connector on it. */
class DedicatedWalletTest {
    private static final String DID = "did:web:wallet.kaphera.example:tier1-automotive-dataspace";
    private static final URI CREDENTIAL_SERVICE =
            URI.create("https://wallet.kaphera.example/api/credentials/v1/participants/dGllcjEtYXV0b21vdGl2ZS1kYXRhc3BhY2U");
    private static final String SLUG = "automotive-dataspace";

    private static JoinFlow join() {
        return new JoinFlow("tier1", UUID.randomUUID(), DeploymentModel.DEDICATED_MANAGED, "key-1", "hash", "anna",
                Map.of("inputs", "{}"), Instant.parse("2026-12-02T08:00:00Z"));
    }

    private static CrdConnectors connectors() {
        CrdConnectors c = new CrdConnectors();
        c.connectorVersion = "0.15.1";
        c.shared = "kaphera-shared";
        c.extraAnnotations = Optional.empty();
        c.extraSettings = Optional.empty();
        return c;
    }

    private static Connectors.Wiring wiring() {
        return new Connectors.Wiring("BPNL000000000TR1", DID, "tier1-automotive-dataspace", "did:web:issuer.example:ds",
                URI.create("https://wallet.kaphera.example/api/sts/token"), CREDENTIAL_SERVICE, "management-key-never-in-a-resource");
    }

    private static List<String> kinds(List<JsonObject> objects) {
        return objects.stream().map(o -> o.getString("kind")).toList();
    }

    @Test
    void theWalletIsPostgresVaultAndAnIdentityHubForThePlannedDidLabelledWithTheJoin() {
        JoinFlow join = join();
        List<JsonObject> wallet = connectors().walletResources(join, SLUG, wiring());

        assertEquals(List.of("PostgresInstance", "VaultInstance", "IdentityHub"), kinds(wallet));
        JsonObject hub = wallet.get(2);
        JsonObject spec = hub.getJsonObject("spec");
        assertEquals(SLUG + "-wallet", hub.getJsonObject("metadata").getString("name"));
        assertEquals(join.id().toString(), hub.getJsonObject("metadata").getJsonObject("labels").getString(CrdConnectors.JOIN_LABEL));
        assertEquals(DID, spec.getString("did"));
        assertEquals(CREDENTIAL_SERVICE.toString(), spec.getString("credentialServiceUrl"));
        assertEquals(SLUG + "-pg", spec.getJsonObject("postgresInstanceRef").getString("name"));
        assertEquals(SLUG + "-vault", spec.getJsonObject("vaultRef").getString("name"));
        assertEquals("tier1-automotive-dataspace-key-1", spec.getJsonArray("keys").getJsonObject(0).getString("vaultKeyAlias"));
        assertFalse(wallet.toString().contains("management-key-never-in-a-resource"));
    }

    @Test
    void theConnectorStepMakesNatsAndTheConnectorOnTheWalletButNotTheWalletAgain() {
        List<JsonObject> connector = connectors().resources(join(), SLUG, DeploymentModel.DEDICATED_MANAGED, wiring());

        assertEquals(List.of("NatsCluster", "ControlPlane", "DataPlane"), kinds(connector));
        JsonObject spec = connector.get(1).getJsonObject("spec");
        assertEquals(SLUG + "-wallet", spec.getJsonObject("identityHubRef").getString("name"));
        assertEquals(SLUG + "-pg", spec.getJsonObject("postgresInstanceRef").getString("name"));
        assertEquals(SLUG + "-vault", spec.getJsonObject("vaultRef").getString("name"));
        assertFalse(connector.toString().contains("management-key-never-in-a-resource"));
    }

    @Test
    void aReadyWalletIsUsedOnlyWithItsIdentityApiAndThePlannedDid() {
        String resource = "IdentityHub/" + SLUG + "-wallet";
        assertNull(JoinSteps.walletProblem(new Connectors.WalletStatus(resource, DID, "https://w.example/api/identity", null), DID));
        assertTrue(JoinSteps.walletProblem(new Connectors.WalletStatus(resource, DID, null, null), DID)
                .contains("status.identityApiUrl"));
        assertTrue(JoinSteps.walletProblem(new Connectors.WalletStatus(resource, null, "https://w.example/api/identity", null), DID)
                .contains("status.did"));
        assertTrue(JoinSteps.walletProblem(new Connectors.WalletStatus(resource, "did:web:elsewhere.example:x",
                "https://w.example/api/identity", null), DID).contains("not the planned DID " + DID));
    }

    @Test
    void anIdentityInAnotherWalletKeepsItsDidAndKeys() {
        Wallets.Identity shared = new Wallets.Identity("tier1-automotive-dataspace", DID, CREDENTIAL_SERVICE,
                URI.create("https://wallet.kaphera.example/api/sts/token"), URI.create("https://wallet.kaphera.example/api/identity"));
        Wallets.Identity own = shared.in(URI.create("https://tier1-wallet.kaphera-tier1.svc/api/identity"));

        assertEquals(URI.create("https://tier1-wallet.kaphera-tier1.svc/api/identity"), own.identityApi());
        assertEquals(shared.did(), own.did());
        assertEquals(shared.participantContextId(), own.participantContextId());
        assertEquals(shared.stsTokenUrl(), own.stsTokenUrl());
    }
}
