package com.kaphera.cloud.billing.metering;

import com.kaphera.cloud.billing.Metric;
import com.kaphera.cloud.crd.ResourceList;
import com.kaphera.cloud.crd.ResourceQuery;
import com.kaphera.cloud.crd.ResourceType;
import com.kaphera.cloud.crd.ResourceTypeCatalogue;
import com.kaphera.cloud.crd.kubernetes.KubernetesGateway;
import com.kaphera.cloud.edition.Feature;
import com.kaphera.cloud.edition.Features;
import com.kaphera.cloud.join.CrdConnectors;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Connector-hours: once an hour, every organisation's {@code ControlPlane} resources that their operator
 * reports Ready count one hour each, as the event {@code connector-hours:<namespace>/<name>:<hour>}.
 * The timer is not persistent and runs on every server instance: the deterministic id makes the second
 * one a duplicate. A namespace that cannot be read is skipped (logged) and the others still count; a
 * missed hour is not made up later (the reading is of the present, not of history).
 */
@Singleton
@Startup
public class ConnectorHours {
    private static final Logger LOG = Logger.getLogger(ConnectorHours.class.getName());
    static final String KIND = "ControlPlane";
    private static final int PAGE = 500;

    @Inject
    KubernetesGateway kubernetes;

    @Inject
    ResourceTypeCatalogue catalogue;

    @EJB
    UsageIngestion usage;

    @Inject
    Features features;

    @Resource(lookup = "jdbc/kaphera")
    DataSource db;

    @Resource
    TimerService timers;

    /**
     * Tests only: look every this many seconds instead of once an hour (the hour's id makes the extra
     * looks duplicates).
     */
    @Inject
    @ConfigProperty(name = "kaphera.billing.connector-hours-interval-seconds")
    Optional<Integer> intervalSeconds;

    @PostConstruct
    void schedule() {
        if (!features.isEnabled(Feature.BILLING)) {
            return;
        }
        TimerConfig config = new TimerConfig("connector-hours", false);
        if (intervalSeconds.isPresent() && intervalSeconds.get() > 0) {
            long ms = intervalSeconds.get() * 1000L;
            timers.createIntervalTimer(ms, ms, config);
        } else {
            timers.createCalendarTimer(new ScheduleExpression().hour("*").minute(1), config);
        }
    }

    /** Counts the hour that just started: the connectors Ready now run in it. */
    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void everyHour() {
        if (!features.isEnabled(Feature.BILLING)) {
            return;
        }
        try {
            int recorded = record(Instant.now().truncatedTo(ChronoUnit.HOURS));
            if (recorded > 0) {
                LOG.info(() -> "Recorded " + recorded + " connector-hours");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Connector-hours were not recorded this hour", e);
        }
    }

    /** Records the connector-hours of {@code hour} for every live organisation; answers how many were new. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int record(Instant hour) {
        Optional<ResourceType> type = catalogue.all().stream().filter(t -> t.kind().equals(KIND)).findFirst();
        if (type.isEmpty()) {
            return 0; // no connector operator in this cluster: nothing runs, nothing to bill
        }
        int recorded = 0;
        for (Map.Entry<String, String> org : organisations().entrySet()) {
            try {
                List<UsageEvent> events = new ArrayList<>();
                for (String name : readyControlPlanes(type.get(), org.getValue())) {
                    events.add(new UsageEvent(eventId(org.getValue(), name, hour), org.getKey(), Metric.CONNECTOR_HOURS,
                            BigDecimal.ONE, hour, name));
                }
                recorded += usage.recordOwn(events);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Connector-hours of '" + org.getKey() + "' were not recorded for " + hour, e);
            }
        }
        return recorded;
    }

    static String eventId(String namespace, String name, Instant hour) {
        return "connector-hours:" + namespace + "/" + name + ":" + hour;
    }

    private List<String> readyControlPlanes(ResourceType type, String namespace) {
        List<String> names = new ArrayList<>();
        String next = null;
        do {
            ResourceList page = kubernetes.list(type, namespace, new ResourceQuery(null, null, PAGE, next));
            for (JsonObject o : page.items()) {
                if (CrdConnectors.isReady(o)) {
                    names.add(o.getJsonObject("metadata").getString("name"));
                }
            }
            next = page.continueToken();
        } while (next != null && !next.isEmpty());
        return names;
    }

    /** Live organisations, slug to namespace. */
    private Map<String, String> organisations() {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select slug, namespace from organisation where deleted_at is null order by slug");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading organisations for connector-hours failed", e);
        }
        return out;
    }
}
