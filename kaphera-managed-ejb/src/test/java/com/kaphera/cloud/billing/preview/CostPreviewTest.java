package com.kaphera.cloud.billing.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.kaphera.cloud.billing.Metric;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostPreviewTest {

    @Test
    void usageGoesOnAtTheSamePaceToTheMonthsEnd() {
        // December: 744 hours; 100 connector-hours in the first 240.
        Map<Metric, BigDecimal> projected = CostPreview.project(Map.of(Metric.CONNECTOR_HOURS, new BigDecimal("100"),
                Metric.JOINS, new BigDecimal("1")), 744, 240);
        assertEquals(new BigDecimal("310.000000"), projected.get(Metric.CONNECTOR_HOURS));
        assertEquals(new BigDecimal("3.100000"), projected.get(Metric.JOINS));
        assertEquals(new BigDecimal("0.333333"), CostPreview.project(Map.of(Metric.JOINS, BigDecimal.ONE), 1, 3).get(Metric.JOINS));
    }
}
