package com.kaphera.cloud.crd.watch;

import com.kaphera.cloud.common.DomainException;
import com.kaphera.cloud.common.ProblemType;
import com.kaphera.cloud.common.TooManyRequestsException;
import com.kaphera.cloud.crd.CustomResourceRules;
import com.kaphera.cloud.crd.CustomResourceService.Scope;
import com.kaphera.cloud.crd.ResourceList;
import com.kaphera.cloud.crd.ResourceQuery;
import com.kaphera.cloud.crd.kubernetes.KubernetesGateway;
import io.kubernetes.client.util.Watch;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Live watches of custom resources, relayed from Kubernetes watches. Each watch runs on its own
 * thread (a watch is a blocking stream), is bounded per user and in total, sends a heartbeat so a
 * vanished client is noticed within one interval, follows the API server across its periodic watch
 * timeouts and short outages by resuming from the last resourceVersion delivered, and reports a
 * resume point that is too old as an ERROR event (the client lists again and resumes from there).
 */
@ApplicationScoped
public class ResourceWatches {
    private static final Logger LOG = Logger.getLogger(ResourceWatches.class.getName());
    private static final int MAX_RECONNECTS = 6;
    private static final int HEARTBEAT_THREADS = 4;

    @Inject
    KubernetesGateway kubernetes;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    @Inject
    @ConfigProperty(name = "kaphera.watch.max-per-user", defaultValue = "5")
    int maxPerUser;

    @Inject
    @ConfigProperty(name = "kaphera.watch.max-total", defaultValue = "200")
    int maxTotal;

    @Inject
    @ConfigProperty(name = "kaphera.watch.heartbeat-seconds", defaultValue = "15")
    int heartbeatSeconds;

    private final Map<String, AtomicInteger> perUser = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final Set<Subscription> open = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService heartbeats;

    @PostConstruct
    void init() {
        // A few threads, so one client whose TCP window is full (a send waits up to 10 s) cannot
        // delay every other watch's heartbeat.
        heartbeats = Executors.newScheduledThreadPool(HEARTBEAT_THREADS, threads);
    }

    @PreDestroy
    void shutdown() {
        open.forEach(Subscription::close);
        heartbeats.shutdownNow();
    }

    /** Number of watches open right now (JMX, metrics). */
    public int openCount() {
        return total.get();
    }

    /**
     * Starts relaying events to {@code sink}; refuses with 429 when the user (or the server) holds
     * as many watches as allowed. {@code fromVersion} null means: current objects first, as ADDED.
     */
    public void open(String user, Scope scope, ResourceQuery query, String fromVersion, Instant notAfter,
            WatchSink sink) {
        reserve(user);
        Subscription subscription = new Subscription(user, scope, query, fromVersion, notAfter, sink);
        open.add(subscription);
        try {
            subscription.heartbeat = heartbeats.scheduleAtFixedRate(subscription::beat, heartbeatSeconds,
                    heartbeatSeconds, TimeUnit.SECONDS);
            Thread thread = threads.newThread(subscription::run);
            thread.setName("kaphera-watch-" + scope.type().plural());
            thread.setDaemon(true);
            thread.start();
        } catch (RuntimeException e) {
            subscription.close();
            throw e;
        }
    }

    /** Takes a slot for the user, atomically with its release (both run inside the map's compute). */
    private void reserve(String user) {
        boolean[] granted = {false};
        perUser.compute(user, (u, n) -> {
            int held = n == null ? 0 : n.get();
            if (held >= maxPerUser) {
                return n;
            }
            granted[0] = true;
            return new AtomicInteger(held + 1);
        });
        if (!granted[0]) {
            throw new TooManyRequestsException("You have " + maxPerUser + " watches open, the most allowed; "
                    + "close one first", heartbeatSeconds);
        }
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            releaseUser(user);
            throw new TooManyRequestsException("This server holds as many watches as it allows; retry later",
                    heartbeatSeconds);
        }
    }

    private void release(String user) {
        total.decrementAndGet();
        releaseUser(user);
    }

    private void releaseUser(String user) {
        perUser.compute(user, (u, n) -> n == null || n.get() <= 1 ? null : new AtomicInteger(n.get() - 1));
    }

    private final class Subscription {
        private final String user;
        private final Scope scope;
        private final ResourceQuery query;
        private final WatchSink sink;
        private final Instant notAfter;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile String resourceVersion;
        private volatile Watch<com.google.gson.JsonObject> current;
        private volatile ScheduledFuture<?> heartbeat;

        Subscription(String user, Scope scope, ResourceQuery query, String fromVersion, Instant notAfter,
                WatchSink sink) {
            this.notAfter = notAfter;
            this.user = user;
            this.scope = scope;
            this.query = query;
            this.resourceVersion = fromVersion;
            this.sink = sink;
        }

        /**
         * Heartbeat; also where a watch ends when the caller's token expires, since authorisation was
         * checked when it opened: the client reconnects with a fresh token (and Last-Event-ID).
         */
        void beat() {
            if (notAfter != null && Instant.now().isAfter(notAfter)) {
                fail(ProblemType.UNAUTHENTICATED, "Your token has expired; reconnect with a fresh one and Last-Event-ID to resume");
                close();
            } else if (!sink.heartbeat()) {
                close();
            }
        }

        void run() {
            int failures = 0;
            try {
                if (resourceVersion == null && !sendCurrentObjects()) {
                    return;
                }
                while (!closed.get()) {
                    try (Watch<com.google.gson.JsonObject> watch = kubernetes.openWatch(scope.type(), scope.namespace(),
                            query, resourceVersion)) {
                        current = watch;
                        if (closed.get()) {
                            return; // closed while it was opening: the try block closes it
                        }
                        failures = 0;
                        for (Watch.Response<com.google.gson.JsonObject> event : watch) {
                            if (closed.get() || !relay(event)) {
                                return;
                            }
                        }
                    } catch (DomainException e) {
                        fail(e.problemType(), e.getMessage());
                        return;
                    } catch (IOException | RuntimeException e) {
                        if (closed.get()) {
                            return;
                        }
                        if (++failures > MAX_RECONNECTS) {
                            fail(ProblemType.UNAVAILABLE, "The Kubernetes API is unreachable; reconnect with Last-Event-ID to resume");
                            return;
                        }
                        LOG.log(Level.FINE, "Watch of " + scope.type().id() + " interrupted; reconnecting", e);
                        Thread.sleep(Math.min(250L << failures, 5000));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                close();
            }
        }

        /**
         * Without a resume point: the current objects as ADDED (no id, they are a snapshot, not
         * changes), then SYNCED with the list's resourceVersion as id, from which the watch goes on.
         * Resuming from any id therefore yields exactly the later changes, in order.
         */
        private boolean sendCurrentObjects() {
            try {
                String next = null;
                String listVersion = null;
                do {
                    ResourceList page = kubernetes.list(scope.type(), scope.namespace(),
                            new ResourceQuery(query.labelSelector(), query.fieldSelector(), 200, next));
                    listVersion = listVersion == null ? page.resourceVersion() : listVersion;
                    for (JsonObject object : page.items()) {
                        if (closed.get() || !sink.send("ADDED", null, CustomResourceRules.forDisplay(object).toString())) {
                            return false;
                        }
                    }
                    next = page.continueToken();
                } while (next != null);
                resourceVersion = listVersion;
                return sink.send("SYNCED", listVersion, "{}");
            } catch (DomainException e) {
                fail(e.problemType(), e.getMessage());
                return false;
            } catch (RuntimeException e) {
                fail(ProblemType.UNAVAILABLE, "The Kubernetes API is unreachable; reconnect shortly");
                return false;
            }
        }

        /** Forwards one Kubernetes event; false ends the watch. */
        private boolean relay(Watch.Response<com.google.gson.JsonObject> event) {
            if ("ERROR".equals(event.type)) {
                int code = event.status != null && event.status.getCode() != null ? event.status.getCode() : 500;
                // The API server's message is not passed on: it can name etcd keys and internals.
                if (code == 410) {
                    fail(ProblemType.GONE, "The resume point is too old: list again and watch from the list's resourceVersion");
                } else if (code == 401 || code == 403) {
                    fail(ProblemType.UPSTREAM_REFUSED, "The Kubernetes API refused this server's watch (" + code + ")");
                } else {
                    fail(ProblemType.UNAVAILABLE, "The Kubernetes API failed the watch (" + code + "): list again and watch from the "
                            + "list's resourceVersion");
                }
                return false;
            }
            JsonObject object = KubernetesGateway.toJsonP(event.object);
            JsonObject metadata = object.getJsonObject("metadata");
            String version = metadata == null ? null : metadata.getString("resourceVersion", null);
            if (version != null) {
                resourceVersion = version;
            }
            if ("BOOKMARK".equals(event.type)) {
                return true; // only moves the resume point
            }
            return sink.send(event.type, version, CustomResourceRules.forDisplay(object).toString());
        }

        /** Ends the stream with an ERROR event carrying the same problem as an HTTP answer would. */
        private void fail(ProblemType type, String detail) {
            sink.send("ERROR", null, Json.createObjectBuilder()
                    .add("type", type.uri())
                    .add("title", type.title())
                    .add("status", type.status())
                    .add("detail", detail)
                    .build().toString());
        }

        void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            open.remove(this);
            release(user);
            ScheduledFuture<?> beat = heartbeat;
            if (beat != null) {
                beat.cancel(false);
            }
            Watch<com.google.gson.JsonObject> watch = current;
            if (watch != null) {
                try {
                    watch.close();
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.FINEST, "closing a watch", e);
                }
            }
            sink.close();
        }
    }
}
