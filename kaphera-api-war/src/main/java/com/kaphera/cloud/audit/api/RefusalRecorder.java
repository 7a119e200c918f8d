package com.kaphera.cloud.audit.api;

import com.kaphera.cloud.audit.AuditEvent;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.audit.Outcome;
import com.kaphera.cloud.tenancy.Caller;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records writes that were refused or failed (nothing changed), whether JAX-RS answered them
 * ({@link AuditFilter}) or the container did before JAX-RS ran (a token Liberty rejected, through the
 * error page). An organisation's chain gets the refusal only when the caller may see that
 * organisation; anything else goes to the platform's chain, so nobody can write into, or learn about,
 * a chain they cannot read.
 */
@ApplicationScoped
public class RefusalRecorder {
    private static final Logger LOG = Logger.getLogger(RefusalRecorder.class.getName());
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Pattern WELL_FORMED_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final Pattern ORG_PATH = Pattern.compile("^/api/v1/organisations/([^/]+)(?:/.*)?$");

    @EJB
    AuditTrail audit;

    /** The caller's {@code X-Request-Id} when well-formed, else a new one: the id entries and logs carry. */
    public static String requestId(String given) {
        return given != null && WELL_FORMED_ID.matcher(given).matches() ? given : java.util.UUID.randomUUID().toString();
    }

    public static boolean isWrite(String method) {
        return WRITES.contains(method);
    }

    /**
     * @param operation the {@link Audited} name, or null when no resource method matched
     * @param targetKind what was addressed (a custom resource type, "organisation"...)
     */
    public void refused(Caller caller, String method, String path, String operation, String targetKind,
            String targetId, int status, String reason) {
        String org = organisationIn(path);
        String chain = org != null && caller != null && caller.canSee(org) ? org : AuditTrail.PLATFORM;
        String op = operation != null ? operation : "http." + method.toLowerCase(java.util.Locale.ROOT);
        String target = targetId == null ? "" : " '" + targetId + "'";
        String action = "was refused (" + status + " " + reason + "): " + op + " on " + targetKind + target
                + (AuditTrail.PLATFORM.equals(chain) ? " at " + clip(path) : "");
        try {
            audit.recordRefusal(caller, chain, new AuditEvent(op, targetKind, targetId, Outcome.ofStatus(status), status,
                    null, action));
        } catch (RuntimeException e) {
            // The answer the caller gets must not change because the log could not be written (the
            // database may be the reason for the refusal); the change itself did not happen.
            LOG.log(Level.WARNING, "Could not record a refused {0} {1} ({2}) in the audit log: {3}",
                    new Object[] {method, clip(path), status, e.toString()});
        }
    }

    static String organisationIn(String path) {
        Matcher m = ORG_PATH.matcher(path);
        return m.matches() ? m.group(1) : null;
    }

    private static String clip(String path) {
        return path.length() <= 200 ? path : path.substring(0, 199) + "…";
    }
}
