package com.kaphera.cloud.account;

import com.kaphera.cloud.audit.AuditEvent;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.common.ConflictException;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.common.PageToken;
import com.kaphera.cloud.persistence.Persistence;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Customer accounts: platform data, read by platform staff and opened by platform admins. */
@Stateless
public class CustomerAccountService {
    public static final String KIND = "customer account";
    public static final String OPEN = "customer-account.open";

    @EJB
    AuditTrail audit;

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    /** An account with the slugs of its live organisations. */
    public record AccountWithOrganisations(CustomerAccount account, List<String> organisations) {
    }

    public CustomerAccount open(Caller caller, String slug, String displayName, String billingEmail) {
        Permission.ACCOUNTS_OPEN.require(caller);
        CustomerAccount account = new CustomerAccount(slug, displayName, billingEmail,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        if (!em.createQuery("select a.id from CustomerAccount a where a.slug = :slug", Object.class)
                .setParameter("slug", slug).getResultList().isEmpty()) {
            throw new ConflictException("A customer account with slug '" + slug + "' exists");
        }
        em.persist(account);
        Persistence.flush(em, "A customer account with slug '" + slug + "' exists");
        audit.record(caller, AuditTrail.PLATFORM, AuditEvent.success(OPEN, KIND, slug, 201,
                Json.createObjectBuilder().add("slug", slug).add("displayName", displayName)
                        .add("billingEmail", billingEmail == null ? JsonValue.NULL : Json.createValue(billingEmail)).build(),
                "opened customer account '" + displayName + "'"));
        return account;
    }

    public CustomerAccount find(Caller caller, String slug) {
        Permission.ACCOUNTS_READ.require(caller);
        return em.createQuery("select a from CustomerAccount a where a.slug = :slug", CustomerAccount.class)
                .setParameter("slug", slug)
                .getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException(KIND, slug));
    }

    public AccountWithOrganisations describe(Caller caller, String slug) {
        CustomerAccount account = find(caller, slug);
        return new AccountWithOrganisations(account, organisationsOf(List.of(account)).get(0));
    }

    /** Accounts in slug order, each with its live organisations. */
    public Page<AccountWithOrganisations> list(Caller caller, int limit, String continueToken) {
        Permission.ACCOUNTS_READ.require(caller);
        String after = continueToken == null ? null : PageToken.decode(continueToken, "continue");
        TypedQuery<CustomerAccount> q = em.createQuery("select a from CustomerAccount a"
                        + (after == null ? "" : " where a.slug > :after") + " order by a.slug", CustomerAccount.class)
                .setMaxResults(limit + 1);
        if (after != null) {
            q.setParameter("after", after);
        }
        List<CustomerAccount> rows = q.getResultList();
        List<CustomerAccount> page = rows.size() <= limit ? rows : rows.subList(0, limit);
        List<List<String>> organisations = organisationsOf(page);
        List<AccountWithOrganisations> items = new java.util.ArrayList<>();
        for (int i = 0; i < page.size(); i++) {
            items.add(new AccountWithOrganisations(page.get(i), organisations.get(i)));
        }
        return new Page<>(items, rows.size() <= limit ? null : PageToken.encode(page.get(limit - 1).slug()));
    }

    private List<List<String>> organisationsOf(List<CustomerAccount> accounts) {
        if (accounts.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = em.createQuery("select o.customerAccount.id, o.slug from Organisation o "
                        + "where o.customerAccount in :accounts and o.deletedAt is null order by o.slug", Object[].class)
                .setParameter("accounts", accounts)
                .getResultList();
        return accounts.stream()
                .map(a -> rows.stream().filter(r -> a.id().equals(r[0])).map(r -> (String) r[1]).toList())
                .toList();
    }
}
