package com.kaphera.cloud.ejbit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.billing.Metric;
import com.kaphera.cloud.billing.plans.SubscriptionTerms;
import com.kaphera.cloud.ejbit.harness.Deployments;
import com.kaphera.cloud.ejbit.support.Callers;
import com.kaphera.cloud.ejbit.support.Container;
import com.kaphera.cloud.ejbit.support.Fixtures;
import com.kaphera.cloud.ejbit.support.ServiceCalls;
import com.kaphera.cloud.tenancy.Caller;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The read the invoice run prices from: 10,000 subscriptions of one month with their plan history, in
 * a few queries (the run bills them all in under 60 s), and the subscription covering an organisation.
 */
@ExtendWith(ArquillianExtension.class)
public class SubscriptionsIT {
    private static final String PRICES = "{\"connector-hours\":{\"included\":720,\"unitPrice\":0.05}}";

    @Deployment
    public static EnterpriseArchive deployment() {
        return Deployments.services(SubscriptionsIT.class);
    }

    @Inject
    ServiceCalls calls;

    private final Caller admin = Callers.platformAdmin();

    private static UUID plan(Connection c, String code, int version, String fee) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement s = c.prepareStatement("insert into billing_plan (id, code, plan_version, display_name, "
                + "deployment_model, currency, monthly_fee, prices, created_at, created_by) values (?, ?, ?, ?, "
                + "'shared-managed', 'EUR', ?, ?, now(), 'test')")) {
            s.setObject(1, id);
            s.setString(2, code);
            s.setInt(3, version);
            s.setString(4, "Shared " + code);
            s.setBigDecimal(5, new BigDecimal(fee));
            s.setString(6, PRICES);
            s.executeUpdate();
        }
        return id;
    }

    @Test
    public void tenThousandSubscriptionsOfAMonthLoadInAFewQueriesWithTheirPlanHistory() throws Exception {
        String prefix = Fixtures.slug("b");
        String code = Fixtures.slug("bulk");
        YearMonth month = YearMonth.of(2031, 3);
        try (Connection c = Container.database().getConnection()) {
            UUID standard = plan(c, code, 1, "49.00");
            UUID premium = plan(c, code, 2, "99.00");
            try (PreparedStatement s = c.prepareStatement("insert into billing_subscription (id, organisation, country, "
                    + "starts_on, ends_on, created_at, created_by, updated_at) select gen_random_uuid(), ? || '-' || i, 'DE', "
                    + "date '2031-01-01', case when i % 10 = 0 then date '2031-03-20' end, now(), 'test', now() "
                    + "from generate_series(1, 10000) i")) {
                s.setString(1, prefix);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("insert into billing_subscription_plan select id, date '2031-01-01', ?, "
                    + "now(), 'test' from billing_subscription where organisation like ? || '-%'")) {
                s.setObject(1, standard);
                s.setString(2, prefix);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("insert into billing_subscription_plan select id, date '2031-03-15', ?, "
                    + "now(), 'test' from billing_subscription where organisation like ? || '-%' and right(organisation, 1) in "
                    + "('1', '3', '5', '7', '9')")) {
                s.setObject(1, premium);
                s.setString(2, prefix);
                s.executeUpdate();
            }
        }
        calls.subscriptionsRunningIn(month); // warm: the first query of a kind pays for its plan in Hibernate's cache

        long started = System.nanoTime();
        List<SubscriptionTerms> running = calls.subscriptionsRunningIn(month);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("Subscriptions.runningIn: " + running.size() + " subscriptions in " + millis + " ms");

        Map<String, SubscriptionTerms> ours = running.stream().filter(s -> s.organisation() != null
                && s.organisation().startsWith(prefix + "-")).collect(Collectors.toMap(SubscriptionTerms::organisation, s -> s));
        assertEquals(10_000, ours.size());
        assertTrue(millis < 10_000, "10,000 subscriptions took " + millis + " ms");
        SubscriptionTerms upgraded = ours.get(prefix + "-7");
        assertEquals(List.of(LocalDate.of(2031, 1, 1), LocalDate.of(2031, 3, 15)), List.copyOf(upgraded.plans().keySet()));
        assertEquals(new BigDecimal("99.00"), upgraded.plans().lastEntry().getValue().monthlyFee());
        assertEquals("Shared " + code + " (v2)", upgraded.plans().lastEntry().getValue().name());
        assertEquals(0, new BigDecimal("720").compareTo(upgraded.plans().firstEntry().getValue().price(Metric.CONNECTOR_HOURS)
                .orElseThrow().included()));
        assertEquals(List.of(prefix + "-7"), upgraded.organisations());
        assertEquals("DE", upgraded.country());
        assertEquals(LocalDate.of(2031, 3, 20), ours.get(prefix + "-10").endsOn());
        assertEquals(1, ours.get(prefix + "-10").plans().size());
        assertTrue(calls.subscriptionsRunningIn(YearMonth.of(2030, 12)).stream()
                .noneMatch(s -> s.organisation() != null && s.organisation().startsWith(prefix + "-")));
    }

    @Test
    public void anOrganisationIsCoveredByItsOwnSubscriptionElseItsAccounts() throws Exception {
        String account = Fixtures.slug("tier1-group");
        calls.open(admin, account, "Tier-1 Components Group", "ap@tier1.example");
        String koeln = Fixtures.slug("tier1-koeln");
        String bonn = Fixtures.slug("tier1-bonn");
        calls.register(admin, Fixtures.tier1(koeln, "DE-HRB-2201", account));
        calls.register(admin, Fixtures.tier1(bonn, "DE-HRB-7781", account));
        String code = Fixtures.slug("group");
        try (Connection c = Container.database().getConnection()) {
            UUID plan = plan(c, code, 1, "500.00");
            for (String[] owner : List.of(new String[] {null, account}, new String[] {bonn, null})) {
                UUID id = UUID.randomUUID();
                try (PreparedStatement s = c.prepareStatement("insert into billing_subscription (id, organisation, "
                        + "customer_account_id, country, starts_on, created_at, created_by, updated_at) values (?, ?, "
                        + "(select id from customer_account where slug = ?), 'CH', date '2031-01-01', now(), 'test', now())")) {
                    s.setObject(1, id);
                    s.setString(2, owner[0]);
                    s.setString(3, owner[1]);
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("insert into billing_subscription_plan values (?, date '2031-01-01', "
                        + "?, now(), 'test')")) {
                    s.setObject(1, id);
                    s.setObject(2, plan);
                    s.executeUpdate();
                }
            }
        }
        SubscriptionTerms forKoeln = calls.subscriptionCovering(koeln, LocalDate.of(2031, 2, 1)).orElseThrow();
        assertEquals(account, forKoeln.customerAccount());
        assertEquals("Tier-1 Components Group", forKoeln.billedTo());
        assertEquals(List.of(bonn, koeln).stream().sorted().toList(), forKoeln.organisations());
        SubscriptionTerms forBonn = calls.subscriptionCovering(bonn, LocalDate.of(2031, 2, 1)).orElseThrow();
        assertEquals(bonn, forBonn.organisation());
        assertEquals(List.of(bonn), forBonn.organisations());
        assertTrue(calls.subscriptionCovering(koeln, LocalDate.of(2030, 12, 31)).isEmpty());
    }
}
