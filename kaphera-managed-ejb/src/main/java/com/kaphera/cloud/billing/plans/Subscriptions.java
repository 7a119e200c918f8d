package com.kaphera.cloud.billing.plans;

import com.kaphera.cloud.billing.pricing.PlanTerms;
import com.kaphera.cloud.persistence.Rows;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The read the invoice run and the preview price from: subscriptions with their plan terms over time.
 * No caller: the run is a system task and the preview checks its caller itself. Any number of
 * subscriptions is loaded in three queries (subscriptions, plan history with plans, account members).
 */
@Stateless
public class Subscriptions {
    private static final String COLUMNS = "select cast(s.id as varchar), s.organisation, cast(s.customer_account_id as varchar), "
            + "a.slug, coalesce(a.display_name, o.display_name, s.organisation), s.country, s.starts_on, s.ends_on, "
            + "s.trial_ends_on from billing_subscription s left join customer_account a on a.id = s.customer_account_id "
            + "left join organisation o on o.slug = s.organisation where ";

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    /** Every subscription that runs on at least one day of {@code period}, in id order. */
    public List<SubscriptionTerms> runningIn(YearMonth period) {
        return load("s.starts_on < ?1 and (s.ends_on is null or s.ends_on > ?2)",
                List.of(period.plusMonths(1).atDay(1), period.atDay(1)));
    }

    /** These subscriptions (a chunk of an invoice run), whether they run or not; one without a plan is left out. */
    public List<SubscriptionTerms> byIds(java.util.Collection<UUID> ids) {
        return ids.isEmpty() ? List.of() : load("s.id in (?1)", List.of(List.copyOf(ids)));
    }

    /** One subscription by id, whether it runs or not. */
    public Optional<SubscriptionTerms> find(UUID id) {
        return load("s.id = ?1", List.of(id)).stream().findFirst();
    }

    /**
     * The subscription that pays for {@code organisation} on {@code day}: its own, else its customer
     * account's. Empty when neither runs that day (or the organisation does not exist).
     */
    public Optional<SubscriptionTerms> covering(String organisation, LocalDate day) {
        List<SubscriptionTerms> found = load("(s.organisation = ?1 or s.customer_account_id = (select o2.customer_account_id "
                + "from organisation o2 where o2.slug = ?1 and o2.deleted_at is null)) and s.starts_on <= ?2 "
                + "and (s.ends_on is null or s.ends_on > ?2)", List.of(organisation, day));
        return found.stream().filter(s -> organisation.equals(s.organisation())).findFirst()
                .or(() -> found.stream().filter(s -> s.customerAccountId() != null).findFirst());
    }

    private List<SubscriptionTerms> load(String where, List<Object> parameters) {
        @SuppressWarnings("unchecked")
        List<Object[]> subscriptions = bind(em.createNativeQuery(COLUMNS + where + " order by s.id"), parameters).getResultList();
        if (subscriptions.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> history = bind(em.createNativeQuery("select cast(sp.subscription_id as varchar), sp.valid_from, "
                + "cast(p.id as varchar), p.display_name, p.plan_version, p.currency, p.monthly_fee, p.prices "
                + "from billing_subscription_plan sp join billing_plan p on p.id = sp.plan_id "
                + "where sp.subscription_id in (select s.id from billing_subscription s where " + where + ")"), parameters)
                .getResultList();
        @SuppressWarnings("unchecked")
        List<Object[]> members = bind(em.createNativeQuery("select cast(o.customer_account_id as varchar), o.slug "
                + "from organisation o where o.deleted_at is null and o.customer_account_id in "
                + "(select s.customer_account_id from billing_subscription s where " + where + ") order by o.slug"), parameters)
                .getResultList();
        Map<String, PlanTerms> terms = new HashMap<>();
        Map<String, NavigableMap<LocalDate, PlanTerms>> plans = new HashMap<>();
        for (Object[] r : history) {
            PlanTerms t = terms.computeIfAbsent(r[2].toString(), id -> {
                String currency = r[5].toString();
                return PlanPrices.terms(r[3] + " (v" + r[4] + ")", currency, Rows.decimal(r[6]).setScale(
                        com.kaphera.cloud.billing.pricing.Money.scale(currency), java.math.RoundingMode.HALF_EVEN), r[7].toString());
            });
            plans.computeIfAbsent(r[0].toString(), k -> new TreeMap<>()).put(Rows.date(r[1]), t);
        }
        Map<String, List<String>> organisations = new LinkedHashMap<>();
        for (Object[] r : members) {
            organisations.computeIfAbsent(r[0].toString(), k -> new ArrayList<>()).add(r[1].toString());
        }
        List<SubscriptionTerms> result = new ArrayList<>(subscriptions.size());
        for (Object[] r : subscriptions) {
            String id = r[0].toString();
            String organisation = (String) r[1];
            String account = r[2] == null ? null : r[2].toString();
            NavigableMap<LocalDate, PlanTerms> p = plans.get(id);
            if (p == null) {
                continue; // created and given its first plan in one transaction: only a reader inside it can see this
            }
            result.add(new SubscriptionTerms(UUID.fromString(id), organisation, account == null ? null : UUID.fromString(account),
                    (String) r[3], organisation != null ? List.of(organisation) : organisations.getOrDefault(account, List.of()),
                    (String) r[4], r[5].toString(), Rows.date(r[6]), Rows.date(r[7]), Rows.date(r[8]), p));
        }
        return result;
    }

    private static Query bind(Query q, List<Object> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            q.setParameter(i + 1, parameters.get(i));
        }
        return q;
    }
}
