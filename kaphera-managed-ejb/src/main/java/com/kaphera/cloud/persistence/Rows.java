package com.kaphera.cloud.persistence;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** Column values of native queries, whatever Java type the driver and Hibernate chose for them. */
public final class Rows {
    private Rows() {
    }

    public static LocalDate date(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof LocalDate d) {
            return d;
        }
        if (o instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        return LocalDate.parse(o.toString().substring(0, 10));
    }

    public static UUID uuid(Object o) {
        return o == null ? null : o instanceof UUID u ? u : UUID.fromString(o.toString());
    }

    public static BigDecimal decimal(Object o) {
        return o == null ? null : o instanceof BigDecimal d ? d : new BigDecimal(o.toString());
    }
}
