package com.kaphera.cloud.audit;

import com.kaphera.cloud.audit.chain.AuditRecord;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.FreeText;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Retention, the one way entries leave a chain, in two steps so that the server never deletes: a
 * platform admin announces it here (an {@code audit.retention} entry in the chain itself, with the
 * sequence before which entries go and a reference such as a ticket), then the database owner role
 * removes those entries (docs/audit.md gives the statement). Verification then starts at the first
 * entry kept; removal without an announcement is reported as missing entries.
 */
@Stateless
public class AuditRetention {
    public static final String RETENTION = "audit.retention";

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @EJB
    AuditTrail audit;

    public AuditRecord announce(Caller caller, String chain, long beforeSequence, String reference) {
        Permission.AUDIT_RETENTION.require(caller);
        List<FieldError> errors = new ArrayList<>();
        if (reference == null || reference.isBlank() || reference.length() > 200) {
            errors.add(new FieldError("reference", "is required: 1 to 200 characters naming why (a ticket, a policy)"));
        }
        FreeText.check("reference", reference, errors);
        Object head = em.createNativeQuery("select max(sequence) from audit_entry where organisation = ?1")
                .setParameter(1, chain).getSingleResult();
        long last = head == null ? 0 : ((Number) head).longValue();
        if (beforeSequence < 2 || beforeSequence > last) {
            errors.add(new FieldError("beforeSequence", "must be between 2 and the chain's last sequence (" + last + ")"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The retention announcement is invalid", errors);
        }
        JsonObject change = Json.createObjectBuilder().add("beforeSequence", beforeSequence)
                .add("reference", reference).build();
        return audit.record(caller, chain, AuditEvent.success(RETENTION, "audit log", chain, 202, change,
                "announced the removal of entries before sequence " + beforeSequence + " (retention; reference "
                        + reference + ")"));
    }

    /** The sequence an announcement's change names. */
    static long beforeSequence(String change) {
        try (JsonReader r = Json.createReader(new StringReader(change))) {
            return r.readObject().getJsonNumber("beforeSequence").longValueExact();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
