package com.kaphera.cloud.governance.membership;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;

/**
 * One onboarding step of one request, as last run: its status, the reason in plain language, the
 * evidence the decision rests on, and (approval steps) who approved it.
 */
public record StepResult(int position, String type, String title, StepStatus status, String reason,
        JsonObject evidence, List<Approval> approvals, Instant checkedAt, int runs) {

    public StepResult {
        evidence = evidence == null ? JsonValue.EMPTY_JSON_OBJECT : evidence;
        approvals = List.copyOf(approvals);
    }

    /** An authority admin's approval of an approval step. */
    public record Approval(String subject, Instant at, String note) {
    }

    public static StepResult pending(int position, String type, String title) {
        return new StepResult(position, type, title, StepStatus.PENDING, "not run yet", null, List.of(), null, 0);
    }

    StepResult ran(StepStatus status, String reason, JsonObject evidence, Instant at) {
        return new StepResult(position, type, title, status, reason, evidence, List.of(), at, runs + 1);
    }

    StepResult approvedBy(Approval approval, StepStatus status, String reason) {
        List<Approval> all = new java.util.ArrayList<>(approvals);
        all.add(approval);
        return new StepResult(position, type, title, status, reason, evidence, all, approval.at(), runs);
    }

    JsonObject toJson() {
        JsonObjectBuilder b = Json.createObjectBuilder().add("position", position).add("type", type).add("title", title)
                .add("status", status.id()).add("reason", reason).add("evidence", evidence).add("runs", runs);
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (Approval ap : approvals) {
            JsonObjectBuilder ab = Json.createObjectBuilder().add("subject", ap.subject()).add("at", ap.at().toString());
            if (ap.note() != null) {
                ab.add("note", ap.note());
            }
            a.add(ab);
        }
        b.add("approvals", a);
        if (checkedAt != null) {
            b.add("checkedAt", checkedAt.toString());
        }
        return b.build();
    }

    static StepResult fromJson(JsonObject o) {
        List<Approval> approvals = o.getJsonArray("approvals").getValuesAs(JsonObject.class).stream()
                .map(a -> new Approval(a.getString("subject"), Instant.parse(a.getString("at")), a.getString("note", null)))
                .toList();
        return new StepResult(o.getInt("position"), o.getString("type"), o.getString("title"),
                StepStatus.fromId(o.getString("status")), o.getString("reason"), o.getJsonObject("evidence"), approvals,
                o.containsKey("checkedAt") ? Instant.parse(o.getString("checkedAt")) : null, o.getInt("runs"));
    }
}
