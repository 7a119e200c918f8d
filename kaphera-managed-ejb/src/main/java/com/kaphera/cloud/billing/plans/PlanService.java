package com.kaphera.cloud.billing.plans;

import com.kaphera.cloud.audit.AuditEvent;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.persistence.Persistence;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Plans: platform data, read by platform staff, written (as new versions, never edits) by platform admins. */
@Stateless
public class PlanService {
    public static final String KIND = "billing plan";
    public static final String CREATE = "billing-plan.create";

    @EJB
    AuditTrail audit;

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    /** Version 1 of a new code, or the next version of an existing one. */
    public Plan create(Caller caller, PlanDraft draft) {
        Permission.BILLING_OPERATE.require(caller);
        List<FieldError> errors = PlanPrices.check(draft);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The plan has " + errors.size() + (errors.size() == 1 ? " invalid field"
                    : " invalid fields"), errors);
        }
        // Two admins publishing the same code at once get consecutive versions, not a unique-key failure.
        em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtext('kaphera.billing.plan'), "
                + "hashtext(?1))) locked").setParameter(1, draft.code()).getSingleResult();
        Integer last = em.createQuery("select max(p.planVersion) from Plan p where p.code = :code", Integer.class)
                .setParameter("code", draft.code()).getSingleResult();
        int version = last == null ? 1 : last + 1;
        Plan plan = new Plan(draft, version, caller.subject(), Instant.now().truncatedTo(ChronoUnit.MICROS));
        em.persist(plan);
        Persistence.flush(em, "Plan '" + draft.code() + "' version " + version + " was created at the same time");
        audit.record(caller, AuditTrail.PLATFORM, AuditEvent.success(CREATE, KIND, plan.code() + "/" + version, 201,
                Json.createObjectBuilder().add("code", plan.code()).add("version", version)
                        .add("displayName", plan.displayName()).add("deploymentModel", plan.deploymentModel())
                        .add("currency", plan.currency()).add("monthlyFee", plan.monthlyFee())
                        .add("prices", Json.createReader(new StringReader(PlanPrices.toJson(draft.prices()))).readObject())
                        .build(),
                "created plan '" + plan.code() + "' version " + version));
        return plan;
    }

    /** The latest version of each plan, in code order. */
    public List<Plan> latest(Caller caller) {
        Permission.BILLING_READ_ALL.require(caller);
        return em.createQuery("select p from Plan p where p.planVersion = (select max(q.planVersion) from Plan q "
                + "where q.code = p.code) order by p.code", Plan.class).getResultList();
    }

    /** Every version of one plan, oldest first. */
    public List<Plan> versions(Caller caller, String code) {
        Permission.BILLING_READ_ALL.require(caller);
        List<Plan> versions = em.createQuery("select p from Plan p where p.code = :code order by p.planVersion", Plan.class)
                .setParameter("code", code).getResultList();
        if (versions.isEmpty()) {
            throw new NotFoundException(KIND, code);
        }
        return versions;
    }

    /** Version {@code version} of {@code code}, or its latest when {@code version} is null. */
    public Optional<Plan> find(String code, Integer version) {
        jakarta.persistence.TypedQuery<Plan> q = em.createQuery("select p from Plan p where p.code = :code"
                + (version == null ? "" : " and p.planVersion = :version") + " order by p.planVersion desc", Plan.class)
                .setParameter("code", code)
                .setMaxResults(1);
        if (version != null) {
            q.setParameter("version", version);
        }
        return q.getResultStream().findFirst();
    }
}
