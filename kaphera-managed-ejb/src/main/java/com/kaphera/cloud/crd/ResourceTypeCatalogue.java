package com.kaphera.cloud.crd;

import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.crd.kubernetes.KubernetesGateway;
import com.kaphera.cloud.edition.Feature;
import com.kaphera.cloud.edition.Features;
import io.kubernetes.client.util.Watch;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The kinds this server serves, discovered from the cluster's CustomResourceDefinitions of the
 * configured groups ({@code kaphera.kubernetes.groups}): listed at start-up, kept current by a
 * watch on CRDs, and re-listed (rate-limited) when a request names a kind we do not know yet, so an
 * operator upgrade that adds a kind or a field needs no server change and no restart.
 */
@ApplicationScoped
public class ResourceTypeCatalogue {
    private static final Logger LOG = Logger.getLogger(ResourceTypeCatalogue.class.getName());
    private static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(2);

    @Inject
    KubernetesGateway kubernetes;

    @Inject
    @ConfigProperty(name = "kaphera.kubernetes.groups",
            defaultValue = "edc.kaphera.io,enablement.kaphera.io,cloud.kaphera.io")
    Set<String> groups;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    @Inject
    Features features;

    private volatile Map<String, ResourceType> types = Map.of();
    private volatile String listVersion;
    private volatile Instant lastRefresh = Instant.EPOCH;
    private volatile boolean stopping;
    private volatile Thread watcher;
    private volatile Watch<com.google.gson.JsonObject> currentWatch;

    void start(@Observes Startup startup) {
        if (!features.isEnabled(Feature.RESOURCES) && !features.isEnabled(Feature.RESOURCE_TYPES)) {
            return; // nothing served from the cluster: do not talk to it at all
        }
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warning(() -> "Kubernetes API not reachable at start-up (" + e.getMessage()
                    + "); resource types will be discovered when it is");
        }
        watcher = threads.newThread(this::watchDefinitions);
        watcher.setName("kaphera-crd-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    @PreDestroy
    void stop() {
        stopping = true;
        Thread t = watcher;
        if (t != null) {
            t.interrupt();
        }
        Watch<com.google.gson.JsonObject> open = currentWatch;
        if (open != null) {
            try {
                open.close(); // a blocked read ignores interrupts; closing the stream ends it
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINEST, "closing the CRD watch", e);
            }
        }
    }

    /** All served kinds, ordered by group then kind. */
    public List<ResourceType> all() {
        return types.values().stream()
                .sorted(Comparator.comparing(ResourceType::group).thenComparing(ResourceType::kind))
                .toList();
    }

    /** Whether the catalogue has been read from the cluster at least once. */
    public boolean isLoaded() {
        return listVersion != null;
    }

    /** A version of the whole catalogue, for ETags; changes whenever any CRD changes. */
    public String version() {
        return listVersion == null ? "0" : listVersion;
    }

    /**
     * The kind a path names: {@code <plural>.<group>}, or a plural, singular or short name when that
     * is unambiguous. A miss re-reads the cluster's CRDs first (at most every two seconds).
     */
    public ResourceType resolve(String ref) {
        ResourceType type = lookup(ref);
        if (type == null && refreshIfStale()) {
            type = lookup(ref);
        }
        if (type == null) {
            throw new NotFoundException("resource type", ref);
        }
        return type;
    }

    private ResourceType lookup(String ref) {
        Map<String, ResourceType> current = types;
        ResourceType exact = current.get(ref);
        if (exact != null) {
            return exact;
        }
        List<ResourceType> matches = current.values().stream()
                .filter(t -> t.plural().equals(ref) || t.singular().equals(ref) || t.shortNames().contains(ref))
                .toList();
        return matches.size() == 1 ? matches.get(0) : null;
    }

    /** Re-reads the CRDs unless that happened less than two seconds ago (a burst of misses reads once). */
    private synchronized boolean refreshIfStale() {
        if (Instant.now().isBefore(lastRefresh.plus(MIN_REFRESH_INTERVAL))) {
            return false;
        }
        refresh();
        return true;
    }

    /** Re-reads every CRD of the served groups. */
    public synchronized void refresh() {
        lastRefresh = Instant.now();
        ResourceList definitions = kubernetes.definitions();
        Map<String, ResourceType> next = new LinkedHashMap<>();
        for (JsonObject crd : definitions.items()) {
            String group = crd.getJsonObject("spec").getString("group", "");
            if (!groups.contains(group)) {
                continue;
            }
            try {
                ResourceType.fromDefinition(crd).filter(ResourceType::namespaced).ifPresent(t -> next.put(t.id(), t));
            } catch (RuntimeException e) {
                LOG.warning(() -> "Ignoring malformed CustomResourceDefinition "
                        + crd.getJsonObject("metadata").getString("name", "?") + ": " + e);
            }
        }
        if (!next.keySet().equals(types.keySet())) {
            LOG.info(() -> "Serving " + next.size() + " resource types: " + next.keySet());
        }
        types = Map.copyOf(next);
        listVersion = definitions.resourceVersion() == null ? Integer.toHexString(next.hashCode())
                : definitions.resourceVersion();
    }

    /**
     * Follows CRD changes for as long as the server runs: any event re-reads the catalogue (CRDs are
     * few and change rarely, so re-listing is simpler and always consistent). Reconnects with
     * back-off when the API server goes away.
     */
    private void watchDefinitions() {
        long backoffMs = 500;
        while (!stopping) {
            try {
                if (!isLoaded()) {
                    refresh();
                }
                try (Watch<com.google.gson.JsonObject> watch = kubernetes.openDefinitionWatch(listVersion)) {
                    currentWatch = watch;
                    if (stopping) {
                        return;
                    }
                    backoffMs = 500;
                    for (Watch.Response<com.google.gson.JsonObject> event : watch) {
                        if (stopping) {
                            return;
                        }
                        if ("ERROR".equals(event.type)) {
                            refresh(); // e.g. 410 Gone: start over from a fresh list
                            break;
                        }
                        if (!"BOOKMARK".equals(event.type)) {
                            refresh();
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (stopping) {
                    return;
                }
                LOG.log(Level.FINE, "CRD watch interrupted; reconnecting", e);
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMs = Math.min(backoffMs * 2, 30_000);
                if (!isLoaded() || backoffMs >= 4000) {
                    try {
                        refresh();
                    } catch (RuntimeException ignored) {
                        // still down; keep backing off
                    }
                }
            }
        }
    }
}
