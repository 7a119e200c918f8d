package com.kaphera.cloud.organisation;

import com.kaphera.cloud.account.CustomerAccount;
import com.kaphera.cloud.account.CustomerAccountService;
import com.kaphera.cloud.audit.AuditEvent;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.audit.ChangeDiff;
import com.kaphera.cloud.common.ConflictException;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.common.PageToken;
import com.kaphera.cloud.common.PreconditionFailedException;
import com.kaphera.cloud.persistence.Persistence;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The organisation registry. Every method takes the caller and checks it against {@link Permission}
 * before doing anything, whether it is called from the HTTP edge or from the server's own work.
 */
@Stateless
public class OrganisationService {
    public static final String KIND = "organisation";
    /** Audited operation names (the resource methods declare the same with {@code @Audited}). */
    public static final String REGISTER = "organisation.register";
    public static final String UPDATE = "organisation.update";
    public static final String DELETE = "organisation.delete";

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @Inject
    @ConfigProperty(name = "kaphera.organisations.namespace-prefix", defaultValue = "kaphera-")
    String namespacePrefix;

    @EJB
    CustomerAccountService accounts;

    @Inject
    Event<OrganisationDeleted> deleted;

    @EJB
    AuditTrail audit;

    public Organisation register(Caller caller, NewOrganisation request) {
        Permission.ORGANISATIONS_CREATE.require(caller);
        if (request.customerAccount() != null) {
            Permission.ORGANISATIONS_ASSIGN_ACCOUNT.require(caller);
        }
        Organisation org = new Organisation(request.slug(), request.displayName(), request.legalEntityId(),
                namespacePrefix + request.slug(), now());
        if (request.customerAccount() != null) {
            org.belongTo(account(caller, request.customerAccount()), now());
        }
        // Friendly answer for the common case; the unique constraints settle a race (see flush below).
        if (!em.createQuery("select o.id from Organisation o where o.slug = :slug", Object.class)
                .setParameter("slug", org.slug()).getResultList().isEmpty()) {
            throw new ConflictException("An organisation with slug '" + org.slug()
                    + "' exists or existed; slugs are never reused");
        }
        em.persist(org);
        Persistence.flush(em, "An organisation with slug '" + org.slug() + "' or namespace '"
                + org.namespace() + "' already exists");
        audit.record(caller, org.slug(), AuditEvent.success(REGISTER, KIND, org.slug(), 201, fields(org),
                "registered organisation '" + org.displayName() + "' (namespace " + org.namespace() + ")"));
        return org;
    }

    public Organisation find(Caller caller, String slug) {
        Permission.ORGANISATION_READ.require(caller, slug);
        return em.createQuery("select o from Organisation o where o.slug = :slug and o.deletedAt is null",
                        Organisation.class)
                .setParameter("slug", slug)
                .getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException(KIND, slug));
    }

    /**
     * The live organisations among {@code slugs} that the caller may read, in slug order (unknown,
     * deleted and invisible ones are left out).
     */
    public List<Organisation> findAll(Caller caller, java.util.Collection<String> slugs) {
        slugs = slugs.stream().filter(slug -> Permission.ORGANISATION_READ.allows(caller, slug)).toList();
        if (slugs.isEmpty()) {
            return List.of();
        }
        return em.createQuery("select o from Organisation o where o.slug in :slugs and o.deletedAt is null "
                        + "order by o.slug", Organisation.class)
                .setParameter("slugs", slugs)
                .getResultList();
    }

    /** Live organisations the caller may see, in slug order. */
    public Page<Organisation> list(Caller caller, int limit, String continueToken) {
        String after = continueToken == null ? null : PageToken.decode(continueToken, "continue");
        boolean everything = caller.readsEveryOrganisation();
        if (!everything && caller.orgRoles().isEmpty()) {
            return new Page<>(List.of(), null);
        }
        String jpql = "select o from Organisation o where o.deletedAt is null"
                + (after == null ? "" : " and o.slug > :after")
                + (everything ? "" : " and o.slug in :visible")
                + " order by o.slug";
        TypedQuery<Organisation> q = em.createQuery(jpql, Organisation.class).setMaxResults(limit + 1);
        if (after != null) {
            q.setParameter("after", after);
        }
        if (!everything) {
            q.setParameter("visible", caller.orgRoles().keySet());
        }
        List<Organisation> rows = q.getResultList();
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<Organisation> page = rows.subList(0, limit);
        return new Page<>(page, PageToken.encode(page.get(limit - 1).slug()));
    }

    public Organisation describe(Caller caller, String slug, Long expectedVersion, OrganisationChanges changes) {
        Permission.ORGANISATION_UPDATE.require(caller, slug);
        if (changes.touchesCustomerAccount()) {
            Permission.ORGANISATIONS_ASSIGN_ACCOUNT.require(caller);
        }
        Organisation org = findForWrite(caller, slug, expectedVersion);
        JsonObject before = fields(org);
        org.describe(changes.displayName(), changes.legalEntityId(), changes.clearLegalEntityId(), now());
        if (changes.clearCustomerAccount()) {
            org.belongTo(null, now());
        } else if (changes.customerAccount() != null) {
            org.belongTo(account(caller, changes.customerAccount()), now());
        }
        Persistence.flush(em, "Organisation '" + slug + "' was changed concurrently; read it again and retry");
        JsonObject diff = ChangeDiff.between(before, fields(org));
        audit.record(caller, slug, AuditEvent.success(UPDATE, KIND, slug, 200, diff,
                "changed organisation: " + ChangeDiff.phrase(diff)));
        return org;
    }

    /** Soft delete: the row stays so that the slug and namespace are never handed out again. */
    public void delete(Caller caller, String slug, Long expectedVersion) {
        Permission.ORGANISATIONS_DELETE.require(caller);
        Organisation org = findForWrite(caller, slug, expectedVersion);
        org.delete(now());
        Persistence.flush(em, "Organisation '" + slug + "' was changed concurrently; read it again and retry");
        // Every server instance on this database drops its cached namespace on commit (OrganisationNamespaces).
        em.createNativeQuery("select pg_notify(?1, ?2)").setParameter(1, OrganisationNamespaces.CHANNEL)
                .setParameter(2, slug).getSingleResult();
        deleted.fire(new OrganisationDeleted(slug));
        audit.record(caller, slug, AuditEvent.success(DELETE, KIND, slug, 204, null,
                "deleted organisation '" + org.displayName() + "' (its slug and namespace are never reused)"));
    }

    /** The fields an audit entry shows for an organisation. */
    private static JsonObject fields(Organisation org) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("slug", org.slug()).add("displayName", org.displayName())
                .add("namespace", org.namespace());
        b.add("legalEntityId", org.legalEntityId() == null ? JsonValue.NULL : Json.createValue(org.legalEntityId()));
        b.add("customerAccount", org.customerAccount() == null ? JsonValue.NULL
                : Json.createValue(org.customerAccount().slug()));
        return b.build();
    }

    /** The named account; naming one that does not exist is an input error, not a missing resource. */
    private CustomerAccount account(Caller caller, String slug) {
        try {
            return accounts.find(caller, slug);
        } catch (NotFoundException e) {
            throw new InvalidInputException(new FieldError("customerAccount", "no customer account '" + slug + "'"));
        }
    }

    private Organisation findForWrite(Caller caller, String slug, Long expectedVersion) {
        Organisation org = find(caller, slug);
        if (expectedVersion != null && expectedVersion != org.version()) {
            throw new PreconditionFailedException("Organisation '" + slug + "' is at version " + org.version()
                    + ", not " + expectedVersion + "; read it again and retry");
        }
        return org;
    }

    /** PostgreSQL keeps microseconds; values handed back must equal the ones read back later. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
