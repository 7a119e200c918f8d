package com.kaphera.cloud.join;

import com.kaphera.cloud.common.ConflictException;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.crd.CustomResourceRules;
import com.kaphera.cloud.crd.ResourceQuery;
import com.kaphera.cloud.crd.ResourceType;
import com.kaphera.cloud.crd.ResourceTypeCatalogue;
import com.kaphera.cloud.crd.kubernetes.KubernetesGateway;
import io.kubernetes.client.util.Watch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A join's connector as the operators' custom resources, in the organisation's namespace:
 * <ul>
 * <li>shared managed: a {@code ControlPlane} and a {@code DataPlane} on the platform's shared
 * PostgreSQL, Vault and wallet (resources named {@code kaphera.join.shared-infrastructure}, default
 * {@code kaphera-shared}, which the operators resolve);</li>
 * <li>dedicated managed: in the identity step the organisation's own wallet, {@code PostgresInstance},
 * {@code VaultInstance} and {@code IdentityHub} ({@link #provisionWallet}, {@link #awaitWalletReady});
 * in the connector step a {@code NatsCluster}, then the connector on all of them;</li>
 * <li>on-premise: nothing here; {@link #bundle} is what the customer's operators apply.</li>
 * </ul>
 * Secrets go into Kubernetes Secrets the resources reference by name; never into a resource. Every
 * object carries the join's labels; one that exists with another join's label is a conflict.
 */
@ApplicationScoped
public class CrdConnectors implements Connectors {
    static final String JOIN_LABEL = "kaphera.io/join";
    static final String DATASPACE_LABEL = "kaphera.io/dataspace";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** The annotation naming the Secret (and key) that holds the connector's wallet STS client secret. */
    static final String STS_SECRET_ANNOTATION = "edc.kaphera.io/sts-client-secret";
    static final String MANAGEMENT_KEY = "api-key";
    static final String STS_KEY = "client-secret";

    @Inject
    KubernetesGateway kubernetes;

    @Inject
    ResourceTypeCatalogue catalogue;

    @Inject
    @ConfigProperty(name = "kaphera.join.connector-version", defaultValue = "0.15.1")
    String connectorVersion;

    @Inject
    @ConfigProperty(name = "kaphera.join.shared-infrastructure", defaultValue = "kaphera-shared")
    String shared;

    /**
     * Annotations every ControlPlane gets in addition, {@code key=value,…} (development and benchmarks:
     * {@code edc.kaphera.io/dev-connector=status-only} keeps the dev operator's simulated status).
     */
    @Inject
    @ConfigProperty(name = "kaphera.join.connector-annotations")
    Optional<String> extraAnnotations;

    /** Settings every connector gets in addition (e.g. {@code edc.iam.did.web.use.https=false} in development). */
    @Inject
    @ConfigProperty(name = "kaphera.join.connector-settings")
    Optional<String> extraSettings;

    /** Names derived from the dataspace: one connector per organisation and dataspace. */
    record Names(String slug) {
        String controlPlane() {
            return slug + "-cp";
        }

        String dataPlane() {
            return slug + "-dp";
        }

        String managementSecret() {
            return controlPlane() + "-management-api";
        }

        String stsSecret() {
            return controlPlane() + "-sts";
        }

        String postgres() {
            return slug + "-pg";
        }

        String vault() {
            return slug + "-vault";
        }

        String nats() {
            return slug + "-nats";
        }

        String natsSecret() {
            return nats() + "-token";
        }

        String wallet() {
            return slug + "-wallet";
        }
    }

    @Override
    public List<String> provision(JoinFlow join, String namespace, DeploymentModel model, String slug, Wiring wiring) {
        Names n = new Names(slug);
        Map<String, String> labels = labels(join, slug);
        List<String> created = new ArrayList<>();
        kubernetes.putSecret(namespace, n.managementSecret(), labels, Map.of(MANAGEMENT_KEY, wiring.managementApiKey()));
        created.add("Secret/" + n.managementSecret());
        if (model == DeploymentModel.DEDICATED_MANAGED) {
            kubernetes.putSecret(namespace, n.natsSecret(), labels, Map.of("token", java.util.UUID.randomUUID().toString()));
            created.add("Secret/" + n.natsSecret());
        }
        for (JsonObject object : resources(join, slug, model, wiring)) {
            created.add(ensure(namespace, join, object));
        }
        return created;
    }

    @Override
    public List<String> provisionWallet(JoinFlow join, String namespace, String slug, Wiring wiring) {
        List<String> created = new ArrayList<>();
        for (JsonObject object : walletResources(join, slug, wiring)) {
            created.add(ensure(namespace, join, object));
        }
        return created;
    }

    @Override
    public List<JsonObject> bundle(JoinFlow join, String slug, Wiring wiring) {
        return resources(join, slug, DeploymentModel.ON_PREMISE, wiring);
    }

    /**
     * A dedicated wallet's infrastructure: its own PostgreSQL and Vault, and the IdentityHub for the DID the
     * join planned. The key alias is the one the participant context gets ({@link IdentityHubWallets}).
     */
    List<JsonObject> walletResources(JoinFlow join, String slug, Wiring wiring) {
        Names n = new Names(slug);
        Map<String, String> labels = labels(join, slug);
        JsonObjectBuilder wallet = Json.createObjectBuilder()
                .add("participantId", wiring.participantId() == null ? "" : wiring.participantId()).add("did", wiring.did())
                .add("version", connectorVersion);
        if (wiring.credentialService() != null) {
            wallet.add("credentialServiceUrl", wiring.credentialService().toString());
        }
        wallet.add("vaultRef", Json.createObjectBuilder().add("name", n.vault()))
                .add("postgresInstanceRef", Json.createObjectBuilder().add("name", n.postgres()))
                .add("keys", Json.createArrayBuilder().add(Json.createObjectBuilder().add("keyId", IdentityHubWallets.KEY_FRAGMENT)
                        .add("algorithm", "ES256").add("vaultKeyAlias", wiring.participantContextId() + "-" + IdentityHubWallets.KEY_FRAGMENT)));
        return List.of(
                object("cloud.kaphera.io/v1alpha1", "PostgresInstance", n.postgres(), labels, Json.createObjectBuilder()
                        .add("version", "16").add("storage", Json.createObjectBuilder().add("size", "10Gi"))),
                object("cloud.kaphera.io/v1alpha1", "VaultInstance", n.vault(), labels, Json.createObjectBuilder()
                        .add("version", "1.17.6").add("storage", Json.createObjectBuilder().add("size", "1Gi"))),
                object("edc.kaphera.io/v1alpha1", "IdentityHub", n.wallet(), labels, wallet));
    }

    /** The connector (and, dedicated, its NATS cluster); a dedicated wallet's resources are {@link #walletResources}. */
    List<JsonObject> resources(JoinFlow join, String slug, DeploymentModel model, Wiring wiring) {
        Names n = new Names(slug);
        Map<String, String> labels = labels(join, slug);
        List<JsonObject> objects = new ArrayList<>();
        boolean dedicated = model == DeploymentModel.DEDICATED_MANAGED;
        if (dedicated) {
            objects.add(object("cloud.kaphera.io/v1alpha1", "NatsCluster", n.nats(), labels, Json.createObjectBuilder()
                    .add("version", "2.10.22").add("jetstream", Json.createObjectBuilder().add("enabled", true))
                    .add("auth", Json.createObjectBuilder().add("type", "Token").add("token", Json.createObjectBuilder()
                            .add("secretKeyRef", ref(n.natsSecret(), "token"))))));
        }
        String infra = dedicated ? null : shared;
        JsonObjectBuilder settings = Json.createObjectBuilder()
                .add("edc.participant.id", wiring.did())
                .add("edc.iam.issuer.id", wiring.did())
                .add("edc.iam.trusted-issuer.dataspace.id", wiring.issuerDid());
        if (wiring.participantContextId() != null) {
            settings.add("edc.participant.context.id", wiring.participantContextId());
        }
        if (wiring.stsTokenUrl() != null) {
            // The platform's wallet; on-premise, the customer points its connector at its own wallet's STS.
            settings.add("edc.iam.sts.oauth.token.url", wiring.stsTokenUrl().toString())
                    .add("edc.iam.sts.oauth.client.id", wiring.did())
                    .add("edc.iam.sts.oauth.client.secret.alias", "sts-client-secret");
        }
        pairs(extraSettings).forEach(settings::add);
        JsonObject controlPlane = object("edc.kaphera.io/v1alpha1", "ControlPlane", n.controlPlane(), labels, Json.createObjectBuilder()
                .add("participantId", wiring.participantId() == null ? "" : wiring.participantId())
                .add("version", connectorVersion)
                .add("postgresInstanceRef", Json.createObjectBuilder().add("name", infra == null ? n.postgres() : infra))
                .add("vaultRef", Json.createObjectBuilder().add("name", infra == null ? n.vault() : infra))
                .add("identityHubRef", Json.createObjectBuilder().add("name", infra == null ? n.wallet() : infra))
                .add("dataPlaneRefs", Json.createArrayBuilder().add(Json.createObjectBuilder().add("name", n.dataPlane())))
                .add("managementApi", Json.createObjectBuilder().add("authentication", Json.createObjectBuilder()
                        .add("type", "ApiKey").add("apiKey", Json.createObjectBuilder()
                                .add("secretKeyRef", ref(n.managementSecret(), MANAGEMENT_KEY)))))
                .add("policy", Json.createObjectBuilder().add("requireMembership", true))
                .add("settings", settings));
        // The STS client secret's Secret is named by an annotation: the CRD has no field for it yet.
        JsonObjectBuilder annotations = Json.createObjectBuilder().add(STS_SECRET_ANNOTATION, n.stsSecret() + "/" + STS_KEY);
        pairs(extraAnnotations).forEach(annotations::add);
        JsonObject metadata = Json.createObjectBuilder(controlPlane.getJsonObject("metadata"))
                .add("annotations", annotations).build();
        objects.add(Json.createObjectBuilder(controlPlane).add("metadata", metadata).build());
        objects.add(object("edc.kaphera.io/v1alpha1", "DataPlane", n.dataPlane(), labels, Json.createObjectBuilder()
                .add("controlPlaneRef", Json.createObjectBuilder().add("name", n.controlPlane()))
                .add("version", connectorVersion)
                .add("transferTypes", Json.createArrayBuilder().add("HttpData-PULL").add("HttpData-PUSH"))));
        return objects;
    }

    /** Creates the object, or accepts the one a previous attempt of the same join created. */
    private String ensure(String namespace, JoinFlow join, JsonObject object) {
        String kind = object.getString("kind");
        ResourceType type = type(kind);
        String name = object.getJsonObject("metadata").getString("name");
        try {
            kubernetes.create(type, namespace, CustomResourceRules.forPlatformCreate(type, namespace, object));
        } catch (ConflictException exists) {
            JsonObject found = kubernetes.get(type, namespace, name);
            String owner = labelOf(found, JOIN_LABEL);
            if (!join.id().toString().equals(owner)) {
                throw new ConnectorConflictException(kind + " '" + name + "' exists in namespace '" + namespace
                        + "' and was not created by this join" + (owner == null ? "" : " (it belongs to join " + owner + ")")
                        + ": delete or rename it, then retry the join");
            }
        }
        return kind + "/" + name;
    }

    @Override
    public Optional<Endpoints> awaitReady(String namespace, String slug, Duration wait) {
        return awaitReady("ControlPlane", namespace, new Names(slug).controlPlane(), wait).map(CrdConnectors::endpoints);
    }

    @Override
    public Optional<WalletStatus> awaitWalletReady(String namespace, String slug, Duration wait) {
        String name = new Names(slug).wallet();
        return awaitReady("IdentityHub", namespace, name, wait).map(o -> walletStatus("IdentityHub/" + name, o));
    }

    /**
     * The object once its operator reports it Ready for its current generation: read it, and if it is not
     * Ready yet, watch this one object from the version just read until it is or {@code wait} is over
     * (empty then; the step is called again). Never a polling loop.
     */
    private Optional<JsonObject> awaitReady(String kind, String namespace, String name, Duration wait) {
        ResourceType type = type(kind);
        JsonObject current = kubernetes.get(type, namespace, name);
        if (isReady(current)) {
            return Optional.of(current);
        }
        Watch<com.google.gson.JsonObject> watch = kubernetes.openWatch(type, namespace,
                new ResourceQuery(null, "metadata.name=" + name, null, null), versionOf(current));
        CompletableFuture<Void> deadline = CompletableFuture.runAsync(() -> close(watch),
                CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS));
        try {
            for (Watch.Response<com.google.gson.JsonObject> event : watch) {
                if (event.object == null || "BOOKMARK".equals(event.type) || "ERROR".equals(event.type)) {
                    continue;
                }
                if ("DELETED".equals(event.type)) {
                    throw new NotFoundException(kind, name);
                }
                JsonObject object = KubernetesGateway.toJsonP(event.object);
                if (isReady(object)) {
                    return Optional.of(object);
                }
            }
        } catch (RuntimeException e) {
            if (!deadline.isDone() && !(e.getCause() instanceof IOException)) {
                throw e;
            }
            // the deadline closed the watch under the iterator: not ready within the wait
        } finally {
            deadline.cancel(false);
            close(watch);
        }
        return Optional.empty();
    }

    @Override
    public List<String> deprovision(String joinId, String namespace, DeploymentModel model, String slug) {
        Names n = new Names(slug);
        List<String> deleted = new ArrayList<>();
        Map<String, String> objects = new LinkedHashMap<>();
        objects.put(n.dataPlane(), "DataPlane");
        objects.put(n.controlPlane(), "ControlPlane");
        if (model == DeploymentModel.DEDICATED_MANAGED) {
            objects.put(n.wallet(), "IdentityHub");
            objects.put(n.nats(), "NatsCluster");
            objects.put(n.vault(), "VaultInstance");
            objects.put(n.postgres(), "PostgresInstance");
        }
        objects.forEach((name, kind) -> {
            try {
                ResourceType type = type(kind);
                JsonObject found = kubernetes.get(type, namespace, name);
                if (!joinId.equals(labelOf(found, JOIN_LABEL))) {
                    return; // another join's, or a person's: in this join's way, never made by it
                }
                kubernetes.delete(type, namespace, name, null, "Background"); // status writes may race: the label decided
                deleted.add(kind + "/" + name);
            } catch (NotFoundException gone) {
                // never created, or deleted already
            }
        });
        for (String secret : List.of(n.managementSecret(), n.stsSecret(), n.natsSecret())) {
            kubernetes.deleteSecret(namespace, secret);
        }
        return deleted;
    }

    public static boolean isReady(JsonObject object) {
        JsonObject metadata = object.getJsonObject("metadata");
        if (!(object.get("status") instanceof JsonObject status) || metadata == null) {
            return false;
        }
        long generation = metadata.getJsonNumber("generation") == null ? 1 : metadata.getJsonNumber("generation").longValue();
        boolean current = status.getJsonNumber("observedGeneration") != null
                && status.getJsonNumber("observedGeneration").longValue() >= generation;
        boolean ready = status.get("conditions") instanceof JsonArray conditions && conditions.getValuesAs(JsonValue.class)
                .stream().anyMatch(c -> c instanceof JsonObject o && "Ready".equals(o.getString("type", ""))
                        && "True".equals(o.getString("status", "")));
        return current && ready;
    }

    private static Endpoints endpoints(JsonObject object) {
        JsonObject status = object.getJsonObject("status");
        String message = status.get("conditions") instanceof JsonArray conditions ? conditions.getValuesAs(JsonValue.class)
                .stream().filter(c -> c instanceof JsonObject o && "Ready".equals(o.getString("type", "")))
                .map(c -> ((JsonObject) c).getString("message", "")).findFirst().orElse("") : "";
        return new Endpoints(status.getString("dspEndpoint", null), status.getString("managementEndpoint", null), message);
    }

    /** What the operator of a Ready IdentityHub reports (the fields the CRD's status documents). */
    static WalletStatus walletStatus(String resource, JsonObject object) {
        JsonObject status = object.getJsonObject("status");
        return new WalletStatus(resource, status.getString("did", null), status.getString("identityApiUrl", null),
                status.getString("credentialServiceUrl", null));
    }

    private ResourceType type(String kind) {
        return catalogue.all().stream().filter(t -> t.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new ConnectorConflictException("The cluster has no " + kind + " custom resource "
                        + "definition: is its operator installed?"));
    }

    private static Map<String, String> pairs(Optional<String> setting) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : setting.orElse("").split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                map.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
        return map;
    }

    private static Map<String, String> labels(JoinFlow join, String slug) {
        return Map.of(JOIN_LABEL, join.id().toString(), DATASPACE_LABEL, slug, MANAGED_BY, "kaphera-cloud-server");
    }

    private static JsonObject object(String apiVersion, String kind, String name, Map<String, String> labels,
            JsonObjectBuilder spec) {
        JsonObjectBuilder labelObject = Json.createObjectBuilder();
        labels.forEach(labelObject::add);
        return Json.createObjectBuilder().add("apiVersion", apiVersion).add("kind", kind)
                .add("metadata", Json.createObjectBuilder().add("name", name).add("labels", labelObject))
                .add("spec", spec).build();
    }

    private static JsonObjectBuilder ref(String secret, String key) {
        return Json.createObjectBuilder().add("name", secret).add("key", key);
    }

    private static String labelOf(JsonObject object, String label) {
        JsonObject metadata = object.getJsonObject("metadata");
        JsonObject labels = metadata == null ? null : metadata.getJsonObject("labels");
        return labels == null ? null : labels.getString(label, null);
    }

    private static String versionOf(JsonObject object) {
        return object.getJsonObject("metadata").getString("resourceVersion", null);
    }

    private static void close(Watch<?> watch) {
        try {
            watch.close();
        } catch (IOException | RuntimeException e) {
            // closing twice, or a connection already gone
        }
    }

    /** A resource in the way, or a missing CRD: a person must act, retrying alone will not help. */
    public static class ConnectorConflictException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ConnectorConflictException(String message) {
            super(message);
        }
    }
}
