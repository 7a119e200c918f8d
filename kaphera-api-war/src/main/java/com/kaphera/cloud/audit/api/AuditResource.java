package com.kaphera.cloud.audit.api;

import com.kaphera.cloud.audit.AuditCheckpoints;
import com.kaphera.cloud.audit.AuditLog;
import com.kaphera.cloud.audit.AuditQuery;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.audit.Outcome;
import com.kaphera.cloud.audit.chain.AuditRecord;
import com.kaphera.cloud.audit.chain.Checkpoint;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.PageLimit;
import com.kaphera.cloud.web.security.CurrentCaller;
import com.kaphera.cloud.web.security.Public;
import com.kaphera.cloud.web.security.RequiresPermission;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Instant;
import java.time.format.DateTimeParseException;

@RequestScoped
public class AuditResource implements AuditApi {
    @EJB
    AuditLog log;

    @EJB
    AuditCheckpoints checkpoints;

    @Inject
    CurrentCaller caller;

    @Override
    @RequiresPermission(Permission.AUDIT_READ)
    public JsonObject list(String org, String from, String to, String actor, String operation, String target,
            String outcome, String limit, String continueToken) {
        return page(org, from, to, actor, operation, target, outcome, limit, continueToken);
    }

    @Override
    @RequiresPermission(Permission.AUDIT_READ)
    public JsonObject verify(String org, String fromSequence, String toSequence) {
        return log.verify(caller.get(), org, sequence("fromSequence", fromSequence), sequence("toSequence", toSequence))
                .toJson();
    }

    @Override
    @RequiresPermission(Permission.AUDIT_READ)
    public Response export(String org, String format, String fromSequence, String toSequence) {
        return exported(org, format, fromSequence, toSequence);
    }

    @Override
    @RequiresPermission(Permission.AUDIT_CHECKPOINT)
    @Audited(AuditCheckpoints.CHECKPOINT)
    public Response checkpoint(String org) {
        Checkpoint signed = checkpoints.checkpoint(caller.get(), org)
                .orElseThrow(() -> new InvalidInputException(new FieldError("org", "the audit log is empty: nothing to sign")));
        return Response.status(Response.Status.CREATED).entity(signed.toJson()).build();
    }

    @Override
    @RequiresPermission(Permission.PLATFORM_AUDIT_READ)
    public JsonObject listPlatform(String from, String to, String actor, String operation, String target,
            String outcome, String limit, String continueToken) {
        return page(AuditTrail.PLATFORM, from, to, actor, operation, target, outcome, limit, continueToken);
    }

    @Override
    @RequiresPermission(Permission.PLATFORM_AUDIT_READ)
    public JsonObject verifyPlatform(String fromSequence, String toSequence) {
        return log.verify(caller.get(), AuditTrail.PLATFORM, sequence("fromSequence", fromSequence),
                sequence("toSequence", toSequence)).toJson();
    }

    @Override
    @RequiresPermission(Permission.PLATFORM_AUDIT_READ)
    public Response exportPlatform(String format, String fromSequence, String toSequence) {
        return exported(AuditTrail.PLATFORM, format, fromSequence, toSequence);
    }

    @Override
    @Public
    public JsonObject keys() {
        return checkpoints.keys().toJwks();
    }

    private JsonObject page(String chain, String from, String to, String actor, String operation, String target,
            String outcome, String limit, String continueToken) {
        AuditQuery query = new AuditQuery(instant("from", from), instant("to", to), blankToNull(actor),
                blankToNull(operation), blankToNull(target), outcome(outcome));
        Page<AuditRecord> page = log.list(caller.get(), chain, query, PageLimit.parse(limit), continueToken);
        JsonArrayBuilder items = Json.createArrayBuilder();
        page.items().forEach(e -> items.add(e.toJson()));
        JsonObjectBuilder body = Json.createObjectBuilder().add("items", items);
        if (page.next() != null) {
            body.add("continue", page.next());
        }
        return body.build();
    }

    private Response exported(String chain, String format, String fromSequence, String toSequence) {
        String f = format == null || format.isBlank() ? "jsonl" : format;
        if (!f.equals("jsonl") && !f.equals("csv")) {
            throw new InvalidInputException(new FieldError("format", "must be jsonl or csv"));
        }
        Long from = sequence("fromSequence", fromSequence);
        Long to = sequence("toSequence", toSequence);
        Caller who = caller.get();
        // Checked now, so a refusal is a problem answer rather than a broken stream.
        log.verifyAccess(who, chain);
        StreamingOutput body = out -> log.export(who, chain, f, from, to, out);
        return Response.ok(body, f.equals("csv") ? "text/csv; charset=utf-8" : AuditApi.JSON_LINES)
                .header("Content-Disposition", "attachment; filename=\"audit-" + chain + "." + f + "\"").build();
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(new FieldError(field, "must be an RFC 3339 UTC time such as 2026-12-01T00:00:00Z"));
        }
    }

    private static Long sequence(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(new FieldError(field, "must be a sequence number (1 or more)"));
        }
    }

    private static Outcome outcome(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Outcome.fromId(value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(new FieldError("outcome", "must be one of "
                    + java.util.Arrays.stream(Outcome.values()).map(Outcome::id).toList()));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
