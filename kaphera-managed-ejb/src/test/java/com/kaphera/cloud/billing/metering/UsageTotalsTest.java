package com.kaphera.cloud.billing.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.kaphera.cloud.billing.Metric;
import com.kaphera.cloud.billing.metering.UsageTotals.LateUsage;
import com.kaphera.cloud.billing.metering.UsageTotals.PeriodUsage;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageTotalsTest {
    @Test
    void aCustomerAccountsUsageIsTheSumOfItsOrganisations() {
        YearMonth oct = YearMonth.of(2026, 10);
        PeriodUsage de = new PeriodUsage(Map.of(Metric.CONNECTOR_HOURS, new BigDecimal("720"), Metric.JOINS, BigDecimal.ONE),
                List.of(new LateUsage(oct, Metric.DATA_TRANSFERRED_GB, new BigDecimal("2"), new BigDecimal("100"))));
        PeriodUsage cz = new PeriodUsage(Map.of(Metric.CONNECTOR_HOURS, new BigDecimal("360")),
                List.of(new LateUsage(oct, Metric.DATA_TRANSFERRED_GB, new BigDecimal("3"), new BigDecimal("50"))));
        PeriodUsage sum = UsageTotals.sum(List.of(de, cz, PeriodUsage.NONE));
        assertEquals(new BigDecimal("1080"), sum.total(Metric.CONNECTOR_HOURS));
        assertEquals(BigDecimal.ONE, sum.total(Metric.JOINS));
        assertEquals(BigDecimal.ZERO, sum.total(Metric.CREDENTIALS_ISSUED));
        assertEquals(List.of(new LateUsage(oct, Metric.DATA_TRANSFERRED_GB, new BigDecimal("5"), new BigDecimal("150"))),
                sum.late());
    }
}
