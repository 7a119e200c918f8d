package com.kaphera.cloud.audit;

import com.kaphera.cloud.audit.chain.AuditRecord;
import com.kaphera.cloud.audit.chain.ChainVerifier;
import com.kaphera.cloud.audit.chain.Checkpoint;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.common.PageToken;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reading the audit log: filtered pages newest first, verification of a chain (whole or a range)
 * against its signed checkpoints, and streamed exports. Nobody writes through here; the chain is
 * {@link AuditTrail}'s. Members of an organisation read its log (viewers included); platform support
 * reads every chain and the platform's.
 */
@Stateless
public class AuditLog {
    static final String COLUMNS = "organisation, sequence, occurred_at, actor_subject, actor_name, actor_client, "
            + "actor_roles, actor_system, operation, target_kind, target_id, outcome, status, change, summary, "
            + "request_id, source_address, previous_hash, hash";
    private static final int FETCH = 500;
    private static final String[] CSV_HEADER = {"sequence", "occurredAt", "actorSubject", "actorName", "actorClient",
        "actorRoles", "actorSystem", "operation", "targetKind", "targetId", "outcome", "status", "change", "summary",
        "requestId", "sourceAddress", "previousHash", "hash"};

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @EJB
    AuditCheckpoints checkpoints;

    @EJB
    AuditMonitor monitor;

    /** Newest first; the continue token resumes below the last sequence returned. */
    public Page<AuditRecord> list(Caller caller, String chain, AuditQuery query, int limit, String continueToken) {
        requireRead(caller, chain);
        Long below = continueToken == null ? null : sequenceToken(continueToken);
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from audit_entry where organisation = :chain");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("chain", chain);
        if (below != null) {
            sql.append(" and sequence < :below");
            params.put("below", below);
        }
        if (query.from() != null) {
            sql.append(" and occurred_at >= :from");
            params.put("from", query.from().atOffset(ZoneOffset.UTC));
        }
        if (query.to() != null) {
            sql.append(" and occurred_at < :to");
            params.put("to", query.to().atOffset(ZoneOffset.UTC));
        }
        if (query.actor() != null) {
            sql.append(" and (actor_subject = :actor or actor_name = :actor)");
            params.put("actor", query.actor());
        }
        if (query.operation() != null) {
            if (query.operation().endsWith(".")) {
                sql.append(" and starts_with(operation, :operation)");
            } else {
                sql.append(" and operation = :operation");
            }
            params.put("operation", query.operation());
        }
        if (query.target() != null) {
            int slash = query.target().indexOf('/');
            sql.append(" and target_kind = :kind");
            params.put("kind", slash < 0 ? query.target() : query.target().substring(0, slash));
            if (slash >= 0) {
                sql.append(" and target_id = :id");
                params.put("id", query.target().substring(slash + 1));
            }
        }
        if (query.outcome() != null) {
            sql.append(" and outcome = :outcome");
            params.put("outcome", query.outcome().id());
        }
        sql.append(" order by sequence desc");
        Query q = em.createNativeQuery(sql.toString()).setMaxResults(limit + 1);
        params.forEach(q::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        List<AuditRecord> entries = rows.stream().map(AuditLog::toRecord).toList();
        if (entries.size() <= limit) {
            return new Page<>(entries, null);
        }
        List<AuditRecord> page = entries.subList(0, limit);
        return new Page<>(page, PageToken.encode(Long.toString(page.get(limit - 1).sequence())));
    }

    /**
     * Recomputes the chain from {@code fromSequence} (default: 1, or the first entry kept after an
     * announced retention) to {@code toSequence} (default: the head).
     */
    public ChainVerifier.Verification verify(Caller caller, String chain, Long fromSequence, Long toSequence) {
        requireRead(caller, chain);
        long from = fromSequence == null ? start(chain) : fromSequence;
        long to = toSequence == null ? Long.MAX_VALUE : toSequence;
        if (from < 1 || to < from) {
            throw new InvalidInputException(new FieldError("fromSequence", "must be at least 1 and not after toSequence"));
        }
        ChainVerifier verifier = new ChainVerifier(chain, checkpoints.keys(), from);
        checkpoints.between(chain, from, to).forEach(verifier::checkpoint);
        try (Stream<AuditRecord> entries = entries(chain, from, to)) {
            entries.forEach(verifier::entry);
        }
        ChainVerifier.Verification result = verifier.result();
        monitor.verified(result);
        return result;
    }

    /**
     * Writes the chain to {@code out} while reading it (constant memory): JSON Lines — a header, the
     * signed checkpoints, then the entries in sequence order, which is what the offline verifier reads —
     * or CSV, one row per entry, for people.
     */
    public void export(Caller caller, String chain, String format, Long fromSequence, Long toSequence, OutputStream out) {
        requireRead(caller, chain);
        long from = fromSequence == null ? start(chain) : fromSequence;
        long to = toSequence == null ? Long.MAX_VALUE : toSequence;
        try {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            if ("csv".equals(format)) {
                w.write(String.join(",", CSV_HEADER));
                w.write("\r\n");
                try (Stream<AuditRecord> entries = entries(chain, from, to)) {
                    entries.forEach(e -> line(w, csv(e), "\r\n"));
                }
            } else {
                w.write(Json.createObjectBuilder().add("type", "export").add("format", "kaphera-audit/1")
                        .add("organisation", chain).add("fromSequence", from)
                        .add("exportedAt", AuditRecord.time(Instant.now()))
                        .add("keys", "GET /api/v1/audit/keys").build().toString());
                w.write('\n');
                for (Checkpoint cp : checkpoints.between(chain, from, to)) {
                    line(w, Json.createObjectBuilder().add("type", "checkpoint").addAll(Json.createObjectBuilder(cp.toJson()))
                            .build().toString(), "\n");
                }
                try (Stream<AuditRecord> entries = entries(chain, from, to)) {
                    entries.forEach(e -> line(w, Json.createObjectBuilder().add("type", "entry")
                            .addAll(Json.createObjectBuilder(e.toJson())).build().toString(), "\n"));
                }
            }
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where the chain starts: 1, unless its oldest entries were removed after a retention announced in
     * the chain itself (an {@code audit.retention} entry naming a sequence at or beyond the first entry
     * kept). Entries missing without such an announcement are reported as missing.
     */
    long start(String chain) {
        Object first = em.createNativeQuery("select min(sequence) from audit_entry where organisation = ?1")
                .setParameter(1, chain).getSingleResult();
        if (first == null || ((Number) first).longValue() == 1) {
            return 1;
        }
        long kept = ((Number) first).longValue();
        @SuppressWarnings("unchecked")
        List<String> announced = em.createNativeQuery("select change from audit_entry where organisation = ?1 "
                + "and operation = ?2 and outcome = 'success'").setParameter(1, chain)
                .setParameter(2, AuditRetention.RETENTION).getResultList();
        boolean covered = announced.stream().map(AuditRetention::beforeSequence).anyMatch(before -> before >= kept);
        return covered ? kept : 1;
    }

    private Stream<AuditRecord> entries(String chain, long from, long to) {
        @SuppressWarnings("unchecked")
        Stream<Object[]> rows = em.createNativeQuery("select " + COLUMNS + " from audit_entry where organisation = ?1 "
                        + "and sequence between ?2 and ?3 order by sequence")
                .setParameter(1, chain).setParameter(2, from).setParameter(3, to)
                .setHint("org.hibernate.fetchSize", FETCH)
                .getResultStream();
        return rows.map(AuditLog::toRecord);
    }

    /** Refuses unless the caller may read this chain (before a streamed export starts). */
    public void verifyAccess(Caller caller, String chain) {
        requireRead(caller, chain);
    }

    private void requireRead(Caller caller, String chain) {
        if (AuditTrail.PLATFORM.equals(chain)) {
            Permission.PLATFORM_AUDIT_READ.require(caller);
        } else {
            Permission.AUDIT_READ.require(caller, chain);
        }
    }

    private static Long sequenceToken(String token) {
        String decoded = PageToken.decode(token, "continue");
        try {
            return Long.parseLong(decoded);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(new FieldError("continue", "is not a token this server issued"));
        }
    }

    static AuditRecord toRecord(Object[] r) {
        String roles = (String) r[6];
        return new AuditRecord((String) r[0], ((Number) r[1]).longValue(), AuditRecord.time(instant(r[2])),
                new AuditRecord.Actor((String) r[3], (String) r[4], (String) r[5],
                        roles == null || roles.isEmpty() ? List.of() : Arrays.asList(roles.split(",")), (Boolean) r[7]),
                (String) r[8], (String) r[9], (String) r[10], (String) r[11], ((Number) r[12]).intValue(),
                (String) r[13], (String) r[14], (String) r[15], (String) r[16], ((String) r[17]).strip(),
                ((String) r[18]).strip());
    }

    static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }

    private static String csv(AuditRecord e) {
        List<String> cells = new ArrayList<>(List.of(Long.toString(e.sequence()), e.occurredAt(), e.actor().subject(),
                nz(e.actor().name()), nz(e.actor().clientId()), String.join(" ", e.actor().roles()),
                Boolean.toString(e.actor().system()), e.operation(), e.targetKind(), nz(e.targetId()), e.outcome(),
                Integer.toString(e.status()), nz(e.change()), e.summary(), nz(e.requestId()), nz(e.sourceAddress()),
                e.previousHash(), e.hash()));
        return String.join(",", cells.stream().map(AuditLog::csvCell).toList());
    }

    /** RFC 4180 quoting; cells that a spreadsheet would run as a formula are prefixed with a quote. */
    private static String csvCell(String s) {
        String safe = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static void line(Writer w, String text, String end) {
        try {
            w.write(text);
            w.write(end);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
