package com.kaphera.cloud.billing.metering;

import com.kaphera.cloud.audit.AuditEvent;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.billing.Metric;
import com.kaphera.cloud.common.AccessDeniedException;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.Times;
import com.kaphera.cloud.edition.Feature;
import com.kaphera.cloud.edition.Features;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Usage ingestion: the reporters' batches (POST /api/v1/usage-events) and the platform's own metering
 * (credentials issued, joins, connector-hours) take the same path into {@code usage_event} and
 * {@code usage_hourly}.
 *
 * <p>Idempotency is the database's: {@code usage_event}'s key is (organisation, event id), rows are
 * inserted with ON CONFLICT DO NOTHING, and only the rows really inserted are added to the hourly
 * buckets, in the same statement. A retry, or the same batch sent to two server instances at once,
 * is counted once. Rows and buckets are written in key order so that concurrent batches wait for each
 * other instead of deadlocking.
 *
 * <p>Closed periods: the transaction reads {@code billing_close.closed_through} FOR SHARE (an invoice
 * run moves it FOR UPDATE, so it waits for batches in flight and they wait for it). An event whose month
 * is already invoiced is billed in the first open month, as an adjustment ("late"); one older than
 * {@code kaphera.billing.late-event-days} is refused.
 */
@Stateless
public class UsageIngestion {
    public static final String REPORT = "usage-event.report";
    static final String KIND = "usage report";

    private static final String INSERT = """
            WITH ins AS (
                INSERT INTO usage_event (organisation, event_id, metric, quantity, occurred_at, billing_period, subject,
                        reported_by, received_at)
                SELECT u.o, u.i, u.m, u.q::numeric, u.t::timestamptz, u.p::date, u.s, ?, ?
                FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::text[], ?::text[], ?::text[], ?::varchar[])
                        AS u(o, i, m, q, t, p, s)
                ORDER BY u.o, u.i
                ON CONFLICT (organisation, event_id) DO NOTHING
                RETURNING organisation, metric, billing_period, quantity, occurred_at
            ), buckets AS (
                INSERT INTO usage_hourly (organisation, metric, billing_period, hour, quantity, events)
                SELECT organisation, metric, billing_period, date_trunc('hour', occurred_at, 'UTC'), sum(quantity), count(*)
                FROM ins GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 2, 4
                ON CONFLICT (organisation, billing_period, metric, hour) DO UPDATE
                    SET quantity = usage_hourly.quantity + excluded.quantity, events = usage_hourly.events + excluded.events
            )
            SELECT organisation, count(*),
                    count(*) FILTER (WHERE billing_period > date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date)
            FROM ins GROUP BY organisation""";

    @Resource(lookup = "jdbc/kaphera")
    DataSource db;

    @EJB
    AuditTrail audit;

    @Inject
    Features features;

    @Inject
    @ConfigProperty(name = "kaphera.billing.late-event-days", defaultValue = "62")
    int lateEventDays;

    @Inject
    @ConfigProperty(name = "kaphera.billing.clock-skew-seconds", defaultValue = "300")
    int clockSkewSeconds;

    /** What the insert found, per organisation: new events and, of those, late ones. */
    record Inserted(int accepted, int late) {
    }

    /**
     * Stores a batch's good events and answers for each bad one. 403 when the caller may report usage
     * for no organisation at all (a viewer, a person without an operator role); an event for an
     * organisation the caller may not report for is refused alone, with the same words whether or not
     * the organisation exists.
     */
    public UsageReport report(Caller caller, JsonObject body) {
        if (!reportsAnywhere(caller)) {
            throw new AccessDeniedException("Reporting usage needs the permission '" + Permission.USAGE_REPORT.id()
                    + "' (role 'operator': the organisation's service account) in an organisation");
        }
        List<JsonObject> raw = UsageRules.events(body);
        Instant now = Times.now();
        UsageRules rules = rules();
        List<UsageRules.Checked> checked = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            checked.add(rules.check(i, raw.get(i), now));
        }
        Set<String> named = new TreeSet<>();
        checked.stream().filter(UsageRules.Checked::ok).forEach(c -> named.add(c.event().organisation()));
        Set<String> permitted = new TreeSet<>();
        named.stream().filter(o -> Permission.USAGE_REPORT.allows(caller, o)).forEach(permitted::add);

        List<UsageReport.Rejection> rejected = new ArrayList<>();
        List<UsageEvent> good = new ArrayList<>();
        Map<String, Inserted> inserted;
        Map<String, Integer> sent = new TreeMap<>();
        try (Connection c = db.getConnection()) {
            Set<String> live = live(c, permitted);
            for (UsageRules.Checked ch : checked) {
                if (!ch.ok()) {
                    rejected.add(new UsageReport.Rejection(ch.index(), ch.id(), ch.errors()));
                } else if (!live.contains(ch.event().organisation())) {
                    rejected.add(new UsageReport.Rejection(ch.index(), ch.id(),
                            List.of(new FieldError("organisation", UsageRules.NOT_YOURS))));
                } else {
                    good.add(ch.event());
                    sent.merge(ch.event().organisation(), 1, Integer::sum);
                }
            }
            inserted = good.isEmpty() ? Map.of() : insert(c, good, caller.subject(), now);
        } catch (SQLException e) {
            throw new EJBException("Storing usage events failed", e);
        }
        int accepted = inserted.values().stream().mapToInt(Inserted::accepted).sum();
        int late = inserted.values().stream().mapToInt(Inserted::late).sum();
        recordAudit(caller, sent, inserted, rejected.size(), permitted);
        return new UsageReport(accepted, good.size() - accepted, late, rejected);
    }

    /**
     * The platform's own metering, in the caller's transaction (the credential or join is counted
     * exactly when it happens): one event with a deterministic id, so that doing it twice counts once.
     * Does nothing while billing is off. Answers whether the event was new.
     */
    public boolean recordOwn(String organisation, Metric metric, BigDecimal quantity, Instant occurredAt, String eventId,
            String subject) {
        if (!features.isEnabled(Feature.BILLING)) {
            return false;
        }
        String clipped = subject == null || subject.length() <= UsageRules.SUBJECT_MAX ? subject
                : subject.substring(0, UsageRules.SUBJECT_MAX);
        try (Connection c = db.getConnection()) {
            Instant now = Times.now();
            return !insert(c, List.of(new UsageEvent(eventId, organisation, metric, quantity, occurredAt, clipped)),
                    Caller.system("metering").subject(), now).isEmpty();
        } catch (SQLException e) {
            throw new EJBException("Recording " + metric.id() + " usage of '" + organisation + "' failed", e);
        }
    }

    /** Several own events at once (connector-hours of every organisation): one statement. Answers how many were new. */
    public int recordOwn(List<UsageEvent> events) {
        if (!features.isEnabled(Feature.BILLING) || events.isEmpty()) {
            return 0;
        }
        try (Connection c = db.getConnection()) {
            return insert(c, events, Caller.system("metering").subject(), Times.now()).values().stream()
                    .mapToInt(Inserted::accepted).sum();
        } catch (SQLException e) {
            throw new EJBException("Recording own usage failed", e);
        }
    }

    UsageRules rules() {
        return new UsageRules(Duration.ofSeconds(clockSkewSeconds), Duration.ofDays(lateEventDays));
    }

    static boolean reportsAnywhere(Caller caller) {
        return caller.isSystem() || caller.isPlatformAdmin()
                || caller.orgRoles().keySet().stream().anyMatch(o -> Permission.USAGE_REPORT.allows(caller, o));
    }

    /** Of {@code slugs}, the organisations that exist and are not deleted. */
    private static Set<String> live(Connection c, Set<String> slugs) throws SQLException {
        Set<String> live = new HashSet<>();
        if (slugs.isEmpty()) {
            return live;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "select slug from organisation where slug = any(?::varchar[]) and deleted_at is null")) {
            ps.setArray(1, c.createArrayOf("varchar", slugs.toArray(new String[0])));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    live.add(rs.getString(1));
                }
            }
        }
        return live;
    }

    /** Inserts new events and their buckets in one statement; per organisation what was new. */
    private static Map<String, Inserted> insert(Connection c, List<UsageEvent> events, String reportedBy, Instant now)
            throws SQLException {
        LocalDate closedThrough;
        try (PreparedStatement ps = c.prepareStatement("select closed_through from billing_close where id = 1 for share");
                ResultSet rs = ps.executeQuery()) {
            closedThrough = rs.next() ? rs.getObject(1, LocalDate.class) : LocalDate.of(2000, 1, 1);
        }
        List<UsageEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(UsageEvent::organisation).thenComparing(UsageEvent::id));
        int n = sorted.size();
        String[] o = new String[n];
        String[] i = new String[n];
        String[] m = new String[n];
        String[] q = new String[n];
        String[] t = new String[n];
        String[] p = new String[n];
        String[] s = new String[n];
        for (int k = 0; k < n; k++) {
            UsageEvent e = sorted.get(k);
            o[k] = e.organisation();
            i[k] = e.id();
            m[k] = e.metric().id();
            q[k] = e.quantity().toPlainString();
            t[k] = e.occurredAt().toString();
            p[k] = UsageRules.billingPeriod(e.occurredAt(), closedThrough).toString();
            s[k] = e.subject();
        }
        Map<String, Inserted> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, reportedBy.length() <= 255 ? reportedBy : reportedBy.substring(0, 255));
            ps.setObject(2, now.atOffset(ZoneOffset.UTC));
            Array[] arrays = {c.createArrayOf("varchar", o), c.createArrayOf("varchar", i), c.createArrayOf("varchar", m),
                    c.createArrayOf("text", q), c.createArrayOf("text", t), c.createArrayOf("text", p),
                    c.createArrayOf("varchar", s)};
            for (int k = 0; k < arrays.length; k++) {
                ps.setArray(3 + k, arrays[k]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Inserted(rs.getInt(2), rs.getInt(3)));
                }
            }
        }
        return out;
    }

    /**
     * One entry per organisation the batch reported for (what was new, already known, late); a batch
     * with nothing the caller may report goes to the platform's chain, naming no organisation.
     */
    private void recordAudit(Caller caller, Map<String, Integer> sent, Map<String, Inserted> inserted, int rejected,
            Set<String> permitted) {
        if (sent.isEmpty()) {
            String org = permitted.isEmpty() ? AuditTrail.PLATFORM : permitted.iterator().next();
            audit.record(caller, org, AuditEvent.success(REPORT, KIND, org, 200,
                    Json.createObjectBuilder().add("accepted", 0).add("rejected", rejected).build(),
                    "reported usage: all " + rejected + " events were refused"));
            return;
        }
        sent.forEach((org, count) -> {
            Inserted in = inserted.getOrDefault(org, new Inserted(0, 0));
            audit.record(caller, org, AuditEvent.success(REPORT, KIND, org, 200,
                    Json.createObjectBuilder().add("events", count).add("accepted", in.accepted())
                            .add("duplicates", count - in.accepted()).add("late", in.late())
                            .add("rejectedInBatch", rejected).build(),
                    "reported " + count + " usage events (" + in.accepted() + " new, " + (count - in.accepted())
                            + " already known, " + in.late() + " late)"));
        });
    }
}
