package com.kaphera.cloud.billing.metering;

import com.kaphera.cloud.billing.Metric;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import jakarta.annotation.Resource;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * What the invoice run and the preview read: per organisation and billing period, the usage of the
 * period's own hours, and the late usage of earlier (already invoiced) months that arrived in it and
 * becomes an adjustment. Both come from {@code usage_hourly}, in one grouped query per call.
 */
@Stateless
public class UsageTotals {

    @Resource(lookup = "jdbc/kaphera")
    DataSource db;

    /**
     * Late usage of an earlier month, billed in this period: {@code lateQuantity} of {@code metric}
     * happened in {@code month} but arrived after it was invoiced; {@code alreadyBilled} is what was billed
     * for that month and metric before this period (its own invoice and earlier adjustments), so that
     * tiers and included quantities price the adjustment at the margin.
     */
    public record LateUsage(YearMonth month, Metric metric, BigDecimal lateQuantity, BigDecimal alreadyBilled) {
    }

    /** One organisation's (or a set's) usage billed in a period: totals of its own hours, and late usage. */
    public record PeriodUsage(Map<Metric, BigDecimal> totals, List<LateUsage> late) {
        public PeriodUsage {
            EnumMap<Metric, BigDecimal> copy = new EnumMap<>(Metric.class);
            copy.putAll(totals);
            totals = java.util.Collections.unmodifiableMap(copy);
            late = List.copyOf(late);
        }

        public static final PeriodUsage NONE = new PeriodUsage(Map.of(), List.of());

        /** The period's own usage of {@code metric}, zero when there was none. */
        public BigDecimal total(Metric metric) {
            return totals.getOrDefault(metric, BigDecimal.ZERO);
        }
    }

    /**
     * The usage of the organisations in {@code organisations}, together (a customer account's on one
     * invoice), billed in {@code period}. The caller needs billing:preview in each (the run's system
     * principal holds it everywhere).
     */
    public PeriodUsage of(Caller caller, Collection<String> organisations, YearMonth period) {
        organisations.forEach(o -> Permission.BILLING_PREVIEW.require(caller, o));
        Map<String, PeriodUsage> each = read(organisations, period);
        return sum(each.values());
    }

    /**
     * The bulk read for the invoice run: every organisation of {@code organisations} (a chunk of a run,
     * thousands at once) to its usage billed in {@code period}; organisations without usage map to
     * {@link PeriodUsage#NONE}. Two grouped queries, whatever the number of organisations.
     */
    public Map<String, PeriodUsage> byOrganisation(Caller caller, Collection<String> organisations, YearMonth period) {
        if (!caller.isSystem()) {
            organisations.forEach(o -> Permission.BILLING_PREVIEW.require(caller, o));
        }
        return read(organisations, period);
    }

    /** The sum of several organisations' usage (a customer account's): totals and late usage by (month, metric). */
    public static PeriodUsage sum(Collection<PeriodUsage> usages) {
        EnumMap<Metric, BigDecimal> totals = new EnumMap<>(Metric.class);
        Map<List<Object>, LateUsage> late = new HashMap<>();
        for (PeriodUsage u : usages) {
            u.totals().forEach((m, q) -> totals.merge(m, q, BigDecimal::add));
            for (LateUsage l : u.late()) {
                late.merge(List.of(l.month(), l.metric()), l, (a, b) -> new LateUsage(a.month(), a.metric(),
                        a.lateQuantity().add(b.lateQuantity()), a.alreadyBilled().add(b.alreadyBilled())));
            }
        }
        List<LateUsage> sorted = new ArrayList<>(late.values());
        sorted.sort(Comparator.comparing(LateUsage::month).thenComparing(LateUsage::metric));
        return new PeriodUsage(totals, sorted);
    }

    private Map<String, PeriodUsage> read(Collection<String> organisations, YearMonth period) {
        Map<String, EnumMap<Metric, BigDecimal>> totals = new HashMap<>();
        Map<String, List<LateUsage>> late = new HashMap<>();
        String[] orgs = new TreeSet<>(organisations).toArray(new String[0]);
        LocalDate periodStart = period.atDay(1);
        OffsetDateTime from = periodStart.atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime to = period.plusMonths(1).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        if (orgs.length > 0) {
            try (Connection c = db.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement("select organisation, metric, sum(quantity) from usage_hourly "
                        + "where organisation = any(?::varchar[]) and billing_period = ? and hour >= ? and hour < ? "
                        + "group by organisation, metric")) {
                    ps.setArray(1, c.createArrayOf("varchar", orgs));
                    ps.setObject(2, periodStart);
                    ps.setObject(3, from);
                    ps.setObject(4, to);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Optional<Metric> m = Metric.of(rs.getString(2));
                            if (m.isPresent()) {
                                totals.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(Metric.class))
                                        .put(m.get(), rs.getBigDecimal(3));
                            }
                        }
                    }
                }
                // Late usage: hours before the period, billed in it. Rare, so the already-billed sums are
                // looked up per (organisation, month, metric) group through the primary key.
                try (PreparedStatement ps = c.prepareStatement("""
                        with late as (
                            select organisation, metric, date_trunc('month', hour at time zone 'UTC') as month, sum(quantity) as quantity
                            from usage_hourly
                            where organisation = any(?::varchar[]) and billing_period = ? and hour < ?
                            group by organisation, metric, date_trunc('month', hour at time zone 'UTC'))
                        select l.organisation, l.metric, to_char(l.month, 'YYYY-MM'), l.quantity,
                            coalesce((select sum(h.quantity) from usage_hourly h
                                      where h.organisation = l.organisation and h.billing_period < ? and h.metric = l.metric
                                        and h.hour >= l.month at time zone 'UTC'
                                        and h.hour < (l.month + interval '1 month') at time zone 'UTC'), 0)
                        from late l order by 1, 3, 2""")) {
                    ps.setArray(1, c.createArrayOf("varchar", orgs));
                    ps.setObject(2, periodStart);
                    ps.setObject(3, from);
                    ps.setObject(4, periodStart);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Optional<Metric> m = Metric.of(rs.getString(2));
                            if (m.isPresent()) {
                                late.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new LateUsage(
                                        YearMonth.parse(rs.getString(3)), m.get(), rs.getBigDecimal(4), rs.getBigDecimal(5)));
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                throw new EJBException("Reading usage for " + period + " failed", e);
            }
        }
        Map<String, PeriodUsage> out = new HashMap<>();
        for (String org : orgs) {
            EnumMap<Metric, BigDecimal> t = totals.get(org);
            List<LateUsage> l = late.get(org);
            out.put(org, t == null && l == null ? PeriodUsage.NONE
                    : new PeriodUsage(t == null ? Map.of() : t, l == null ? List.of() : l));
        }
        return out;
    }
}
