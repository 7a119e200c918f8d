package com.kaphera.cloud.billing.plans;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** Column values of native queries, whatever Java type the driver and Hibernate chose for them. */
final class Rows {
    private Rows() {
    }

    static LocalDate date(Object o) {
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

    static UUID uuid(Object o) {
        return o == null ? null : o instanceof UUID u ? u : UUID.fromString(o.toString());
    }

    static BigDecimal decimal(Object o) {
        return o == null ? null : o instanceof BigDecimal d ? d : new BigDecimal(o.toString());
    }
}
