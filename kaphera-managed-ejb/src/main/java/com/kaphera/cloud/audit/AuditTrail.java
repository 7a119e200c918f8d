package com.kaphera.cloud.audit;

import com.kaphera.cloud.audit.chain.AuditRecord;
import com.kaphera.cloud.edition.Feature;
import com.kaphera.cloud.edition.Features;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.PlatformRole;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one way anything is written to the audit log. Services call {@link #record} inside their own
 * JTA transaction, so a change without its entry, or an entry without its change, cannot commit; the
 * HTTP edge calls {@link #recordRefusal} for writes that were refused or failed (nothing changed).
 *
 * <p>Each organisation has one chain. A writer takes a transaction-scoped PostgreSQL advisory lock on
 * the organisation's chain, reads the head, and inserts the next sequence number linked to the head's
 * hash: writers of one organisation (threads or server instances) queue on that lock, so the chain
 * stays gap-free; the primary key (organisation, sequence) is the backstop. The lock is held until the
 * surrounding transaction ends, which is why services record last, just before they return.
 */
@Stateless
public class AuditTrail {
    /** The chain of platform data (customer accounts) and of refusals that name no visible organisation. */
    public static final String PLATFORM = "_platform";
    private static final String ANONYMOUS = "anonymous";

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @Inject
    Instance<AuditContext> context;

    @EJB
    AuditMonitor monitor;

    @Inject
    Features features;

    /** Records a completed operation in the caller's transaction (one is started if there is none). */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public AuditRecord record(Caller caller, String organisation, AuditEvent event) {
        AuditRecord entry = append(caller, organisation, event);
        request().ifPresent(AuditContext::markRecorded);
        return entry;
    }

    /**
     * Records a write that was refused or failed, in a transaction of its own (the business
     * transaction, if any, has rolled back). {@code caller} is null when the request carried no valid
     * token.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public AuditRecord recordRefusal(Caller caller, String organisation, AuditEvent event) {
        return append(caller, organisation, event);
    }

    private AuditRecord append(Caller caller, String organisation, AuditEvent event) {
        if (!features.isEnabled(Feature.AUDIT)) {
            return null; // a BYOC install that did not turn the log on
        }
        long started = System.nanoTime();
        em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtext('kaphera.audit'), "
                + "hashtext(?1))) locked").setParameter(1, organisation).getSingleResult();
        @SuppressWarnings("unchecked")
        List<Object[]> head = em.createNativeQuery("select sequence, hash from audit_entry where organisation = ?1 "
                + "order by sequence desc limit 1").setParameter(1, organisation).getResultList();
        long sequence = head.isEmpty() ? 1 : ((Number) head.get(0)[0]).longValue() + 1;
        String previous = head.isEmpty() ? AuditRecord.GENESIS : ((String) head.get(0)[1]).strip();

        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Optional<AuditContext> request = request();
        AuditRecord.Actor actor = actor(caller, organisation, request);
        JsonValue change = Redaction.redact(event.change());
        String summary = clip(actorPhrase(actor, caller, organisation) + " " + event.action(), 2000);
        AuditRecord entry = new AuditRecord(organisation, sequence, AuditRecord.time(now), actor, event.operation(),
                clip(event.targetKind(), 80), clip(event.targetId(), 300), event.outcome().id(), event.status(),
                change == null ? null : change.toString(), summary,
                request.map(AuditContext::requestId).orElse(null), request.map(AuditContext::sourceAddress).orElse(null),
                null, null).linkedAfter(previous);

        em.createNativeQuery("insert into audit_entry (organisation, sequence, occurred_at, actor_subject, actor_name, "
                        + "actor_client, actor_roles, actor_system, operation, target_kind, target_id, outcome, status, "
                        + "change, summary, request_id, source_address, previous_hash, hash) "
                        + "values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)")
                .setParameter(1, organisation)
                .setParameter(2, sequence)
                .setParameter(3, now.atOffset(ZoneOffset.UTC))
                .setParameter(4, actor.subject())
                .setParameter(5, actor.name())
                .setParameter(6, actor.clientId())
                .setParameter(7, String.join(",", actor.roles()))
                .setParameter(8, actor.system())
                .setParameter(9, entry.operation())
                .setParameter(10, entry.targetKind())
                .setParameter(11, entry.targetId())
                .setParameter(12, entry.outcome())
                .setParameter(13, entry.status())
                .setParameter(14, entry.change())
                .setParameter(15, entry.summary())
                .setParameter(16, entry.requestId())
                .setParameter(17, entry.sourceAddress())
                .setParameter(18, entry.previousHash())
                .setParameter(19, entry.hash())
                .executeUpdate();
        monitor.written(System.nanoTime() - started);
        return entry;
    }

    private Optional<AuditContext> request() {
        try {
            if (context.isResolvable()) {
                AuditContext c = context.get();
                c.requestId(); // touches the proxy: throws when no request context is active
                return Optional.of(c);
            }
        } catch (ContextNotActiveException e) {
            // a timer or a watch thread: no request to describe
        }
        return Optional.empty();
    }

    private static AuditRecord.Actor actor(Caller caller, String organisation, Optional<AuditContext> request) {
        if (caller == null) {
            return new AuditRecord.Actor(ANONYMOUS, null, null, List.of(), false);
        }
        List<String> roles = new ArrayList<>();
        caller.roleIn(organisation).ifPresent(r -> roles.add(r.id()));
        caller.platformRoles().stream().map(r -> "platform-" + r.id()).sorted().forEach(roles::add);
        return new AuditRecord.Actor(clip(caller.subject(), 255), clip(request.map(AuditContext::actorName).orElse(null), 255),
                clip(request.map(AuditContext::clientId).orElse(null), 255), roles, caller.isSystem());
    }

    /** "Jonas (operator, OEM Frankfurt)": who, in which capacity, for which organisation. */
    private String actorPhrase(AuditRecord.Actor actor, Caller caller, String organisation) {
        if (caller == null) {
            return "An unauthenticated caller";
        }
        if (caller.isSystem()) {
            return "The platform (" + caller.subject().substring(Caller.SYSTEM_PREFIX.length()) + ")";
        }
        String who = actor.name() != null ? actor.name() : caller.subject();
        String capacity = caller.roleIn(organisation).map(r -> r.id())
                .orElse(caller.isPlatformAdmin() ? "platform admin"
                        : caller.platformRoles().contains(PlatformRole.SUPPORT) ? "platform support" : "no role");
        return who + " (" + capacity + ", " + organisationName(organisation) + ")";
    }

    private String organisationName(String organisation) {
        if (PLATFORM.equals(organisation)) {
            return "Kaphera platform";
        }
        List<?> names = em.createNativeQuery("select display_name from organisation where slug = ?1")
                .setParameter(1, organisation).getResultList();
        return names.isEmpty() ? organisation : (String) names.get(0);
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
