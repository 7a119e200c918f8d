package com.kaphera.cloud.organisation;

import com.kaphera.cloud.tenancy.Caller;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The namespace of a live organisation, without a database round trip on every custom-resource
 * request. A slug's namespace never changes and slugs are never reused, so the only thing that can
 * make an entry wrong is the organisation's deletion; {@link OrganisationService#delete} announces it
 * with PostgreSQL {@code NOTIFY} in its own transaction (delivered on commit, to every server
 * instance on the database), and each instance {@code LISTEN}s on a dedicated connection and drops
 * the entry. While that connection is down, deletions could be missed: the cache is bypassed (every
 * lookup reads the database) and emptied once the connection is back. Entries also expire after
 * {@code kaphera.organisations.cache-seconds} (0 turns the cache off, e.g. behind a connection
 * pooler in transaction mode, where LISTEN does not work).
 */
@ApplicationScoped
public class OrganisationNamespaces {
    static final String CHANNEL = "kaphera_organisation_deleted";
    private static final Logger LOG = Logger.getLogger(OrganisationNamespaces.class.getName());
    private static final int POLL_MILLIS = 5000;

    @EJB
    OrganisationService organisations;

    /** Non-transactional: a LISTEN connection lives outside any transaction. */
    @Resource(lookup = "jdbc/kapheraMigrations")
    DataSource listenerSource;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    @Inject
    @ConfigProperty(name = "kaphera.organisations.cache-seconds", defaultValue = "60")
    long cacheSeconds;

    /** Lookups serve every caller (each checked by the service that asks), so the cache asks as the server. */
    private static final Caller LOOKUP = Caller.system("namespace-lookup");

    private record Entry(String namespace, long expiresAtNanos) {
    }

    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    /** Counts every eviction, so a lookup that raced with one does not put a stale entry back. */
    private final AtomicLong evictions = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean listening;
    private volatile boolean stopping;
    private volatile Thread listener;
    private volatile Connection connection;

    /** The organisation's namespace; NotFoundException when there is no live organisation {@code slug}. */
    public String namespaceOf(String slug) {
        if (cacheSeconds <= 0) {
            return organisations.find(LOOKUP, slug).namespace();
        }
        startListening();
        Entry entry = cache.get(slug);
        long now = System.nanoTime();
        if (listening && entry != null && now - entry.expiresAtNanos() < 0) {
            return entry.namespace();
        }
        long before = evictions.get();
        String namespace = organisations.find(LOOKUP, slug).namespace();
        if (listening && evictions.get() == before) {
            cache.put(slug, new Entry(namespace, now + Duration.ofSeconds(cacheSeconds).toNanos()));
        }
        return namespace;
    }

    /** On this instance, at once after the deleting transaction commits (the NOTIFY reaches the others). */
    void onDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) OrganisationDeleted event) {
        evict(event.slug());
    }

    private void evict(String slug) {
        evictions.incrementAndGet();
        cache.remove(slug);
    }

    /** Whether lookups are served from memory now (the LISTEN connection is up). */
    public boolean isListening() {
        return listening;
    }

    private void startListening() {
        if (started.compareAndSet(false, true)) {
            Thread t = threads.newThread(this::listen);
            t.setName("kaphera-organisation-listener");
            t.setDaemon(true);
            listener = t;
            t.start();
        }
    }

    private void listen() {
        while (!stopping) {
            try (Connection c = listenerSource.getConnection(); Statement s = c.createStatement()) {
                connection = c;
                s.execute("LISTEN " + CHANNEL);
                PGConnection pg = c.unwrap(PGConnection.class);
                clear(); // deletions while we were not listening are unknown
                listening = true;
                LOG.fine("Listening for organisation deletions");
                while (!stopping) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications == null) {
                        // getNotifications only notices a dead connection by itself when it reads; ask.
                        s.execute("SELECT 1");
                        continue;
                    }
                    for (PGNotification n : notifications) {
                        evict(n.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!stopping) {
                    LOG.log(Level.WARNING, "Organisation cache: database notifications unavailable ({0}); "
                            + "reading organisations from the database until they are back", e.getMessage());
                }
            } finally {
                listening = false;
                connection = null;
                clear();
            }
            sleep(1000);
        }
    }

    private void clear() {
        evictions.incrementAndGet();
        cache.clear();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
        listening = false;
        Thread t = listener;
        if (t != null) {
            t.interrupt();
        }
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.log(Level.FINEST, "closing the LISTEN connection", e);
            }
        }
    }
}
