package com.kaphera.cloud.billing.plans;

import com.kaphera.cloud.audit.AuditEvent;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.common.ConflictException;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.common.PreconditionFailedException;
import com.kaphera.cloud.persistence.Persistence;
import com.kaphera.cloud.persistence.Rows;
import com.kaphera.cloud.persistence.UuidKeysetPages;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Subscriptions and their plan over time. One live subscription per organisation or customer account
 * at a time; a plan change to a dearer plan (higher monthly fee) is an upgrade from today, any other
 * change a downgrade from the first day of next month. Plan history rows are append-only.
 */
@Stateless
public class SubscriptionService {
    public static final String KIND = "subscription";
    public static final String CREATE = "billing-subscription.create";
    public static final String CHANGE_PLAN = "billing-subscription.change-plan";
    public static final String END = "billing-subscription.end";

    @EJB
    AuditTrail audit;

    @EJB
    PlanService plans;

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    /** One row of a subscription's plan history: {@code plan} holds from {@code validFrom} until the next row. */
    public record PlanPeriod(LocalDate validFrom, Plan plan) {
    }

    /** A subscription as the API shows it: its account's slug (when it is an account's) and plan history. */
    public record SubscriptionDetails(Subscription subscription, String customerAccount, List<PlanPeriod> plans) {
    }

    /** What a plan change did: {@code upgrade} (from today) or {@code downgrade} (from next month's first day). */
    public record PlanChange(String change, LocalDate effectiveFrom, SubscriptionDetails subscription) {
    }

    public SubscriptionDetails create(Caller caller, String organisation, String customerAccount, String planCode,
            Integer planVersion, String country, LocalDate startsOn, LocalDate trialEndsOn) {
        Permission.BILLING_OPERATE.require(caller);
        List<FieldError> errors = new ArrayList<>();
        UUID accountId = null;
        if ((organisation == null) == (customerAccount == null)) {
            errors.add(new FieldError("organisation", "give exactly one of organisation and customerAccount"));
        } else if (organisation != null) {
            if (em.createNativeQuery("select 1 from organisation where slug = ?1 and deleted_at is null")
                    .setParameter(1, organisation).getResultList().isEmpty()) {
                errors.add(new FieldError("organisation", "no live organisation '" + organisation + "'"));
            }
        } else {
            List<?> ids = em.createNativeQuery("select cast(id as varchar) from customer_account where slug = ?1")
                    .setParameter(1, customerAccount).getResultList();
            if (ids.isEmpty()) {
                errors.add(new FieldError("customerAccount", "no customer account '" + customerAccount + "'"));
            } else {
                accountId = UUID.fromString(ids.get(0).toString());
            }
        }
        Plan plan = resolve(planCode, planVersion, errors);
        Subscription.checkCountry(country, errors);
        if (startsOn == null) {
            errors.add(new FieldError("startsOn", "is required"));
        } else {
            LocalDate closed = closedThrough();
            if (startsOn.isBefore(closed)) {
                errors.add(new FieldError("startsOn", "must not be in an invoiced period (invoiced until " + closed + ")"));
            }
            if (trialEndsOn != null && !trialEndsOn.isAfter(startsOn)) {
                errors.add(new FieldError("trialEndsOn", "must be after startsOn (it is exclusive)"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The subscription has " + errors.size()
                    + (errors.size() == 1 ? " invalid field" : " invalid fields"), errors);
        }
        String owner = organisation != null ? "organisation '" + organisation + "'" : "customer account '" + customerAccount + "'";
        // One live subscription per owner: checked under a lock per owner, so two requests cannot both pass.
        em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtext('kaphera.billing.subscription'), "
                + "hashtext(?1))) locked").setParameter(1, organisation != null ? "o:" + organisation : "a:" + accountId)
                .getSingleResult();
        List<Subscription> overlapping = em.createQuery("select s from Subscription s where "
                        + (organisation != null ? "s.organisation = :owner" : "s.customerAccountId = :owner")
                        + " and (s.endsOn is null or s.endsOn > :startsOn)", Subscription.class)
                .setParameter("owner", organisation != null ? organisation : accountId)
                .setParameter("startsOn", startsOn)
                .setMaxResults(1).getResultList();
        if (!overlapping.isEmpty()) {
            Subscription other = overlapping.get(0);
            throw new ConflictException("The " + owner + " already has subscription " + other.id() + " from "
                    + other.startsOn() + (other.endsOn() == null ? ", not ended" : " until " + other.endsOn())
                    + "; end it first (POST /api/v1/billing/subscriptions/" + other.id() + "/end)");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Subscription s = new Subscription(organisation, accountId, country, startsOn, trialEndsOn, caller.subject(), now);
        em.persist(s);
        Persistence.flush(em, "A subscription for the " + owner + " was created at the same time");
        addPlan(s, startsOn, plan, caller, now);
        JsonObjectBuilder change = Json.createObjectBuilder()
                .add(organisation != null ? "organisation" : "customerAccount", organisation != null ? organisation : customerAccount)
                .add("plan", plan.code()).add("planVersion", plan.planVersion()).add("country", country)
                .add("startsOn", startsOn.toString())
                .add("trialEndsOn", trialEndsOn == null ? JsonValue.NULL : Json.createValue(trialEndsOn.toString()));
        audit.record(caller, AuditTrail.PLATFORM, AuditEvent.success(CREATE, KIND, s.id().toString(), 201, change.build(),
                "subscribed " + owner + " to plan '" + plan.code() + "' version " + plan.planVersion() + " from " + startsOn));
        return new SubscriptionDetails(s, customerAccount, List.of(new PlanPeriod(startsOn, plan)));
    }

    public PlanChange changePlan(Caller caller, UUID id, Long expectedVersion, String planCode, Integer planVersion) {
        Permission.BILLING_OPERATE.require(caller);
        Subscription s = lock(id, expectedVersion);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (s.endsOn() != null && !s.endsOn().isAfter(today)) {
            throw new ConflictException("Subscription " + id + " ended on " + s.endsOn());
        }
        if (s.startsOn().isAfter(today)) {
            throw new ConflictException("Subscription " + id + " starts on " + s.startsOn() + "; its plan can change once "
                    + "it runs (or end it and subscribe again with the other plan)");
        }
        List<FieldError> errors = new ArrayList<>();
        Plan plan = resolve(planCode, planVersion, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The plan change has " + errors.size()
                    + (errors.size() == 1 ? " invalid field" : " invalid fields"), errors);
        }
        List<PlanPeriod> history = history(List.of(id)).getOrDefault(id, List.of());
        Optional<PlanPeriod> scheduled = history.stream().filter(p -> p.validFrom().isAfter(today)).findFirst();
        if (scheduled.isPresent()) {
            // Plan history is append-only: a scheduled row cannot be withdrawn, so a second change waits for it.
            throw new ConflictException("Plan '" + scheduled.get().plan().code() + "' version "
                    + scheduled.get().plan().planVersion() + " is already scheduled from " + scheduled.get().validFrom()
                    + "; change the plan again once it is in force");
        }
        PlanPeriod current = history.get(history.size() - 1);
        if (current.plan().id().equals(plan.id())) {
            throw new InvalidInputException(new FieldError("plan", "is the plan in force already"));
        }
        if (!current.plan().currency().equals(plan.currency())) {
            throw new InvalidInputException(new FieldError("plan", "is priced in " + plan.currency()
                    + " but the subscription in " + current.plan().currency() + "; a plan change keeps the currency"));
        }
        boolean upgrade = plan.monthlyFee().compareTo(current.plan().monthlyFee()) > 0;
        LocalDate from = upgrade ? today : today.withDayOfMonth(1).plusMonths(1);
        if (current.validFrom().equals(from)) {
            throw new ConflictException("The plan of subscription " + id + " already changed on " + from
                    + "; change it again tomorrow");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        addPlan(s, from, plan, caller, now);
        s.touch(now);
        Persistence.flush(em, "Subscription " + id + " changed at the same time");
        String change = upgrade ? "upgrade" : "downgrade";
        audit.record(caller, AuditTrail.PLATFORM, AuditEvent.success(CHANGE_PLAN, KIND, id.toString(), 200,
                Json.createObjectBuilder().add("change", change).add("effectiveFrom", from.toString())
                        .add("from", Json.createObjectBuilder().add("plan", current.plan().code())
                                .add("planVersion", current.plan().planVersion()))
                        .add("to", Json.createObjectBuilder().add("plan", plan.code()).add("planVersion", plan.planVersion()))
                        .build(),
                change + "d subscription " + id + " to plan '" + plan.code() + "' version " + plan.planVersion() + " from " + from));
        List<PlanPeriod> after = new ArrayList<>(history);
        after.add(new PlanPeriod(from, plan));
        return new PlanChange(change, from, new SubscriptionDetails(s, accountSlug(s), after));
    }

    public SubscriptionDetails end(Caller caller, UUID id, Long expectedVersion, LocalDate endsOn) {
        Permission.BILLING_OPERATE.require(caller);
        if (endsOn == null) {
            throw new InvalidInputException(new FieldError("endsOn", "is required"));
        }
        Subscription s = lock(id, expectedVersion);
        if (s.endsOn() != null) {
            throw new ConflictException("Subscription " + id + " already ends on " + s.endsOn());
        }
        LocalDate closed = closedThrough();
        if (endsOn.isBefore(closed)) {
            throw new InvalidInputException(new FieldError("endsOn", "must not be in an invoiced period (invoiced until "
                    + closed + ")"));
        }
        s.end(endsOn, Instant.now().truncatedTo(ChronoUnit.MICROS));
        Persistence.flush(em, "Subscription " + id + " changed at the same time");
        audit.record(caller, AuditTrail.PLATFORM, AuditEvent.success(END, KIND, id.toString(), 200,
                Json.createObjectBuilder().add("endsOn", endsOn.toString()).build(),
                "ended subscription " + id + " on " + endsOn));
        return details(List.of(s)).get(0);
    }

    public SubscriptionDetails find(Caller caller, UUID id) {
        Permission.BILLING_READ_ALL.require(caller);
        Subscription s = id == null ? null : em.find(Subscription.class, id);
        if (s == null) {
            throw new NotFoundException(KIND, String.valueOf(id));
        }
        return details(List.of(s)).get(0);
    }

    /** Subscriptions in id order, optionally of one organisation or one customer account (by slug). */
    public Page<SubscriptionDetails> list(Caller caller, String organisation, String customerAccount, int limit,
            String continueToken) {
        Permission.BILLING_READ_ALL.require(caller);
        StringBuilder jpql = new StringBuilder("select s from Subscription s where 1 = 1");
        if (organisation != null) {
            jpql.append(" and s.organisation = :organisation");
        }
        if (customerAccount != null) {
            jpql.append(" and s.customerAccountId = (select a.id from CustomerAccount a where a.slug = :account)");
        }
        if (continueToken != null) {
            jpql.append(" and s.id > :after");
        }
        jakarta.persistence.TypedQuery<Subscription> q = em.createQuery(jpql.append(" order by s.id").toString(), Subscription.class);
        if (organisation != null) {
            q.setParameter("organisation", organisation);
        }
        if (customerAccount != null) {
            q.setParameter("account", customerAccount);
        }
        Page<Subscription> page = UuidKeysetPages.page(q, limit, continueToken, Subscription::id);
        return new Page<>(details(page.items()), page.next());
    }

    private Subscription lock(UUID id, Long expectedVersion) {
        Subscription s = id == null ? null : em.find(Subscription.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (s == null) {
            throw new NotFoundException(KIND, String.valueOf(id));
        }
        if (expectedVersion != null && expectedVersion != s.version()) {
            throw new PreconditionFailedException("Subscription " + id + " has changed since you read it (version "
                    + s.version() + ", If-Match " + expectedVersion + "); read it again");
        }
        return s;
    }

    private Plan resolve(String code, Integer version, List<FieldError> errors) {
        if (code == null || code.isBlank()) {
            errors.add(new FieldError("plan", "is required"));
            return null;
        }
        if (version != null && version < 1) {
            errors.add(new FieldError("planVersion", "must be 1 or more"));
            return null;
        }
        Optional<Plan> plan = plans.find(code, version);
        if (plan.isEmpty()) {
            boolean codeExists = version != null && plans.find(code, null).isPresent();
            errors.add(codeExists ? new FieldError("planVersion", "plan '" + code + "' has no version " + version)
                    : new FieldError("plan", "no plan '" + code + "'"));
            return null;
        }
        return plan.get();
    }

    private void addPlan(Subscription s, LocalDate from, Plan plan, Caller caller, Instant now) {
        em.createNativeQuery("insert into billing_subscription_plan (subscription_id, valid_from, plan_id, created_at, created_by) "
                        + "values (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, s.id()).setParameter(2, from).setParameter(3, plan.id())
                .setParameter(4, java.time.OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).setParameter(5, caller.subject())
                .executeUpdate();
    }

    private LocalDate closedThrough() {
        return Rows.date(em.createNativeQuery("select closed_through from billing_close where id = 1").getSingleResult());
    }

    private String accountSlug(Subscription s) {
        if (s.customerAccountId() == null) {
            return null;
        }
        List<?> slugs = em.createNativeQuery("select slug from customer_account where id = ?1")
                .setParameter(1, s.customerAccountId()).getResultList();
        return slugs.isEmpty() ? null : slugs.get(0).toString();
    }

    private List<SubscriptionDetails> details(List<Subscription> subscriptions) {
        if (subscriptions.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<PlanPeriod>> history = history(subscriptions.stream().map(Subscription::id).toList());
        List<UUID> accountIds = subscriptions.stream().map(Subscription::customerAccountId).filter(a -> a != null).distinct().toList();
        Map<UUID, String> accounts = new HashMap<>();
        if (!accountIds.isEmpty()) {
            em.createQuery("select a.id, a.slug from CustomerAccount a where a.id in :ids", Object[].class)
                    .setParameter("ids", accountIds).getResultList()
                    .forEach(r -> accounts.put((UUID) r[0], (String) r[1]));
        }
        return subscriptions.stream().map(s -> new SubscriptionDetails(s, accounts.get(s.customerAccountId()),
                history.getOrDefault(s.id(), List.of()))).toList();
    }

    /** Plan history of each subscription, oldest first: two queries for any number of subscriptions. */
    private Map<UUID, List<PlanPeriod>> history(Collection<UUID> ids) {
        Query q = em.createNativeQuery("select cast(subscription_id as varchar), valid_from, cast(plan_id as varchar) "
                + "from billing_subscription_plan where subscription_id in (?1) order by subscription_id, valid_from");
        q.setParameter(1, List.copyOf(ids));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        List<UUID> planIds = rows.stream().map(r -> UUID.fromString(r[2].toString())).distinct().toList();
        Map<UUID, Plan> byId = planIds.isEmpty() ? Map.of()
                : em.createQuery("select p from Plan p where p.id in :ids", Plan.class).setParameter("ids", planIds)
                        .getResultList().stream().collect(Collectors.toMap(Plan::id, Function.identity()));
        Map<UUID, List<PlanPeriod>> history = new HashMap<>();
        for (Object[] r : rows) {
            history.computeIfAbsent(UUID.fromString(r[0].toString()), k -> new ArrayList<>())
                    .add(new PlanPeriod(Rows.date(r[1]), byId.get(UUID.fromString(r[2].toString()))));
        }
        return history;
    }
}
