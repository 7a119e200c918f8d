package com.kaphera.cloud.ejbit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.billing.Metric;
import com.kaphera.cloud.billing.metering.UsageEvent;
import com.kaphera.cloud.billing.metering.UsageTotals.LateUsage;
import com.kaphera.cloud.billing.metering.UsageTotals.PeriodUsage;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.ejbit.harness.Deployments;
import com.kaphera.cloud.ejbit.support.Callers;
import com.kaphera.cloud.ejbit.support.Fixtures;
import com.kaphera.cloud.ejbit.support.MeteringCalls;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.OrgRole;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the invoice run reads (UsageTotals) after the ingestion path wrote it: a period's own usage,
 * late usage of an invoiced month with what that month already billed, a customer account's
 * organisations together, and the bulk read of a run chunk.
 */
@ExtendWith(ArquillianExtension.class)
public class UsageMeteringIT {
    private static final YearMonth SEP = YearMonth.of(2026, 9);
    private static final YearMonth OCT = YearMonth.of(2026, 10);
    private static final YearMonth NOV = YearMonth.of(2026, 11);

    @Deployment
    public static EnterpriseArchive deployment() {
        return Deployments.services(UsageMeteringIT.class);
    }

    @Inject
    MeteringCalls calls;

    private final Caller run = Caller.system("billing-run");

    private static String q(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    @Test
    public void totalsOfAPeriodAndLateUsageOfAnInvoicedMonthForAnAccountsOrganisations() throws Exception {
        String de = Fixtures.slug("tier1-de");
        String cz = Fixtures.slug("tier1-cz");
        String quiet = Fixtures.slug("sme-quiet");
        LocalDate before = MeteringCalls.closeThrough(SEP.atDay(1));
        try {
            assertTrue(calls.record(de, Metric.DATA_TRANSFERRED_GB, "100", "2026-09-10T08:15:00Z", "sep-1"));
            // September is invoiced: its late events are billed in October, in their own hour's bucket.
            MeteringCalls.closeThrough(OCT.atDay(1));
            assertTrue(calls.record(de, Metric.DATA_TRANSFERRED_GB, "3", "2026-09-20T10:00:00Z", "sep-late-1"));
            assertTrue(calls.record(de, Metric.DATA_TRANSFERRED_GB, "10", "2026-10-05T01:00:00Z", "oct-1"));
            assertTrue(calls.record(de, Metric.DATA_TRANSFERRED_GB, "5.5", "2026-10-05T01:30:00Z", "oct-2"));
            assertFalse(calls.record(de, Metric.DATA_TRANSFERRED_GB, "5.5", "2026-10-05T01:30:00Z", "oct-2"), "counted once");
            assertEquals(3, calls.record(List.of(
                    new UsageEvent("connector-hours:kaphera-" + cz + "/edc:2026-10-01T00:00:00Z", cz, Metric.CONNECTOR_HOURS,
                            BigDecimal.ONE, Instant.parse("2026-10-01T00:00:00Z"), "edc"),
                    new UsageEvent("connector-hours:kaphera-" + cz + "/edc:2026-10-01T01:00:00Z", cz, Metric.CONNECTOR_HOURS,
                            BigDecimal.ONE, Instant.parse("2026-10-01T01:00:00Z"), "edc"),
                    new UsageEvent("join:" + cz, cz, Metric.JOINS, BigDecimal.ONE, Instant.parse("2026-10-31T23:59:59Z"),
                            "rhine-main"))));
            // October is invoiced too: a late October event is November's adjustment, not October's usage.
            MeteringCalls.closeThrough(NOV.atDay(1));
            assertTrue(calls.record(de, Metric.DATA_TRANSFERRED_GB, "7", "2026-10-30T00:00:00Z", "oct-late-1"));
        } finally {
            MeteringCalls.closeThrough(before);
        }

        PeriodUsage october = calls.of(run, List.of(de, cz), OCT);
        assertEquals("15.5", q(october.total(Metric.DATA_TRANSFERRED_GB)));
        assertEquals("2", q(october.total(Metric.CONNECTOR_HOURS)));
        assertEquals("1", q(october.total(Metric.JOINS)));
        assertEquals("0", q(october.total(Metric.CREDENTIALS_ISSUED)));
        assertEquals(1, october.late().size(), october.toString());
        LateUsage late = october.late().get(0);
        assertEquals(List.of(SEP, Metric.DATA_TRANSFERRED_GB, "3", "100"),
                List.of(late.month(), late.metric(), q(late.lateQuantity()), q(late.alreadyBilled())));

        PeriodUsage november = calls.of(run, List.of(de), NOV);
        assertTrue(november.totals().isEmpty(), november.toString());
        LateUsage octLate = november.late().get(0);
        assertEquals(List.of(OCT, "7", "15.5"), List.of(octLate.month(), q(octLate.lateQuantity()), q(octLate.alreadyBilled())),
                "October's own invoice billed 15.5 before this adjustment");

        Map<String, PeriodUsage> chunk = calls.byOrganisation(run, List.of(de, cz, quiet), OCT);
        assertEquals(3, chunk.size());
        assertSame(PeriodUsage.NONE, chunk.get(quiet));
        assertEquals("15.5", q(chunk.get(de).total(Metric.DATA_TRANSFERRED_GB)));
        assertEquals("0", q(chunk.get(de).total(Metric.CONNECTOR_HOURS)));
        assertEquals("2", q(chunk.get(cz).total(Metric.CONNECTOR_HOURS)));
        assertTrue(chunk.get(cz).late().isEmpty());

        assertEquals("100", q(calls.of(run, List.of(de), SEP).total(Metric.DATA_TRANSFERRED_GB)));
    }

    @Test
    public void aCallerReadsOnlyTheUsageOfOrganisationsItSees() {
        String mine = Fixtures.slug("sme-mine");
        String theirs = Fixtures.slug("sme-theirs");
        Caller viewer = Callers.member("vera", Map.of(mine, OrgRole.VIEWER));
        assertTrue(calls.of(viewer, List.of(mine), OCT).totals().isEmpty());
        assertThrows(NotFoundException.class, () -> calls.of(viewer, List.of(mine, theirs), OCT));
        assertThrows(NotFoundException.class, () -> calls.byOrganisation(viewer, List.of(theirs), OCT));
    }
}
