package com.kaphera.cloud.audit.api;

import com.kaphera.cloud.audit.AuditLog;
import com.kaphera.cloud.audit.AuditQuery;
import com.kaphera.cloud.audit.Outcome;
import com.kaphera.cloud.audit.chain.AuditRecord;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.web.PageLimit;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/** What the organisation's and the platform's audit resources share: parameters, pages, exports. */
@ApplicationScoped
public class AuditReading {
    public static final String JSON_LINES = "application/x-ndjson";

    @EJB
    AuditLog log;

    JsonObject page(Caller caller, String chain, String from, String to, String actor, String operation, String target,
            String outcome, String limit, String continueToken) {
        AuditQuery query = new AuditQuery(instant("from", from), instant("to", to), blankToNull(actor),
                blankToNull(operation), blankToNull(target), outcome(outcome));
        Page<AuditRecord> page = log.list(caller, chain, query, PageLimit.parse(limit), continueToken);
        JsonArrayBuilder items = Json.createArrayBuilder();
        page.items().forEach(e -> items.add(e.toJson()));
        JsonObjectBuilder body = Json.createObjectBuilder().add("items", items);
        if (page.next() != null) {
            body.add("continue", page.next());
        }
        return body.build();
    }

    JsonObject verify(Caller caller, String chain, String fromSequence, String toSequence) {
        return log.verify(caller, chain, sequence("fromSequence", fromSequence), sequence("toSequence", toSequence))
                .toJson();
    }

    Response export(Caller caller, String chain, String format, String fromSequence, String toSequence) {
        String f = format == null || format.isBlank() ? "jsonl" : format.strip();
        if (!f.equals("jsonl") && !f.equals("csv")) {
            throw new InvalidInputException(new FieldError("format", "must be jsonl or csv"));
        }
        Long from = sequence("fromSequence", fromSequence);
        Long to = sequence("toSequence", toSequence);
        // Checked now, so that a refusal is a problem answer rather than a broken stream.
        log.verifyAccess(caller, chain);
        StreamingOutput body = out -> log.export(caller, chain, f, from, to, out);
        return Response.ok(body, f.equals("csv") ? "text/csv; charset=utf-8" : JSON_LINES)
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
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidInputException(new FieldError(field, "must be a sequence number (1 or more)"));
    }

    private static Outcome outcome(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Outcome.fromId(value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(new FieldError("outcome", "must be one of "
                    + Arrays.stream(Outcome.values()).map(Outcome::id).toList()));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
