package com.kaphera.cloud.ejbit.support;

import com.kaphera.cloud.billing.Metric;
import com.kaphera.cloud.billing.metering.UsageEvent;
import com.kaphera.cloud.billing.metering.UsageIngestion;
import com.kaphera.cloud.billing.metering.UsageTotals;
import com.kaphera.cloud.tenancy.Caller;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The metering services, as the invoice run and the platform's own features call them. */
@ApplicationScoped
public class MeteringCalls {
    @EJB
    UsageIngestion ingestion;

    @EJB
    UsageTotals totals;

    /** One own-feature event (deterministic id); whether it was new. */
    public boolean record(String org, Metric metric, String quantity, String occurredAt, String id) {
        return ingestion.recordOwn(org, metric, new BigDecimal(quantity), Instant.parse(occurredAt), id, "it");
    }

    public int record(List<UsageEvent> events) {
        return ingestion.recordOwn(events);
    }

    public UsageTotals.PeriodUsage of(Caller caller, Collection<String> orgs, YearMonth period) {
        return totals.of(caller, orgs, period);
    }

    public Map<String, UsageTotals.PeriodUsage> byOrganisation(Caller caller, Collection<String> orgs, YearMonth period) {
        return totals.byOrganisation(caller, orgs, period);
    }

    /**
     * Moves billing_close as an invoice run would (test setup, through the owner's datasource); answers
     * the value it replaced, to be put back.
     */
    public static LocalDate closeThrough(LocalDate date) throws SQLException {
        try (Connection c = Container.database().getConnection()) {
            LocalDate before;
            try (PreparedStatement s = c.prepareStatement("select closed_through from billing_close where id = 1");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                before = rs.getObject(1, LocalDate.class);
            }
            try (PreparedStatement s = c.prepareStatement("update billing_close set closed_through = ? where id = 1")) {
                s.setObject(1, date);
                s.executeUpdate();
            }
            return before;
        }
    }
}
