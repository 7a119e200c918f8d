package com.kaphera.cloud.billing.metering;

import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.common.PageToken;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The raw events of an organisation's billing period, for disputes: exactly what was counted, in the
 * order it happened, including late events of earlier months billed in this period.
 */
@Stateless
public class UsageExport {

    @Resource(lookup = "jdbc/kaphera")
    DataSource db;

    /** One stored event; {@code late} when its own month was already invoiced and it is billed in this period. */
    public record StoredEvent(String id, String metric, BigDecimal quantity, Instant occurredAt, YearMonth billingPeriod,
            boolean late, String subject, String reportedBy, Instant receivedAt) {
    }

    /** A page of the events billed in {@code period}, by time then id; billing:manage in the organisation. */
    public Page<StoredEvent> page(Caller caller, String organisation, YearMonth period, int limit, String continueToken) {
        Permission.BILLING_MANAGE.require(caller, organisation);
        Instant afterTime = null;
        String afterId = null;
        if (continueToken != null) {
            String key = PageToken.decode(continueToken, "continue");
            int bar = key.indexOf('|');
            try {
                afterTime = Instant.parse(key.substring(0, bar));
                afterId = key.substring(bar + 1);
            } catch (DateTimeParseException | IndexOutOfBoundsException e) {
                throw new InvalidInputException(new FieldError("continue", "is not a continue token issued by this server"));
            }
        }
        List<StoredEvent> rows = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("select event_id, metric, quantity, occurred_at, billing_period, "
                        + "subject, reported_by, received_at from usage_event where organisation = ? and billing_period = ? "
                        + (afterTime == null ? "" : "and (occurred_at, event_id) > (?, ?) ")
                        + "order by occurred_at, event_id limit ?")) {
            int p = 1;
            ps.setString(p++, organisation);
            ps.setObject(p++, period.atDay(1));
            if (afterTime != null) {
                ps.setObject(p++, afterTime.atOffset(ZoneOffset.UTC));
                ps.setString(p++, afterId);
            }
            ps.setInt(p, limit + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant at = rs.getObject(4, OffsetDateTime.class).toInstant();
                    YearMonth billed = YearMonth.from(rs.getObject(5, LocalDate.class));
                    rows.add(new StoredEvent(rs.getString(1), rs.getString(2), plain(rs.getBigDecimal(3)), at,
                            billed, YearMonth.from(at.atOffset(ZoneOffset.UTC)).isBefore(billed), rs.getString(6),
                            rs.getString(7), rs.getObject(8, OffsetDateTime.class).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new EJBException("Reading usage events failed", e);
        }
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        StoredEvent last = rows.get(limit - 1);
        return new Page<>(rows.subList(0, limit), PageToken.encode(last.occurredAt() + "|" + last.id()));
    }

    static BigDecimal plain(BigDecimal q) {
        BigDecimal s = q.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
