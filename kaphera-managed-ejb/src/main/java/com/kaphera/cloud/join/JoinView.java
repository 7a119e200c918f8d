package com.kaphera.cloud.join;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A join as the API and the live tracker show it: state, the current step's plain-language text,
 * whom it waits for, each step with timestamps, failed attempts and last error, what the steps
 * established, and what a person can do next. Built in one place so that {@code GET …/joins/{id}}
 * and each Server-Sent Event say the same.
 */
public final class JoinView {
    /** Details shown to readers of the join (everything in details is non-secret, this keeps the view stable). */
    private static final Set<String> SHOWN = Set.of(JoinSteps.CONTEXT, JoinSteps.DID, PlatformAuthority.REQUEST_ID,
            JoinSteps.NAMESPACE, JoinSteps.RESOURCES, JoinSteps.DSP, JoinSteps.MANAGEMENT, JoinSteps.ISSUANCE,
            JoinSteps.LEGAL_ENTITY, JoinSteps.HOLDER_PID, JoinSteps.WALLET_API, RemoteAuthority.REMOTE_REQUEST_ID,
            JoinSteps.REMOTE_ISSUER);

    private JoinView() {
    }

    public static JsonObject of(JoinFlow join, String dataspace) {
        String base = "/api/v1/organisations/" + join.organisation() + "/joins/" + join.id();
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("id", join.id().toString())
                .add("organisation", join.organisation())
                .add("dataspace", dataspace)
                .add("deploymentModel", join.deploymentModel().id())
                .add("state", join.state().id());
        join.step().ifPresent(s -> b.add("step", s.id()));
        b.add("text", text(join));
        optional(b, "waitingFor", join.waitingFor());
        optional(b, "nextAttemptAt", join.nextAttemptAt());
        optional(b, "outcome", join.outcome());
        JsonArrayBuilder steps = Json.createArrayBuilder();
        join.steps().forEach(s -> steps.add(s.json()));
        b.add("steps", steps);
        JsonObjectBuilder details = Json.createObjectBuilder();
        for (Map.Entry<String, String> e : join.details().entrySet()) {
            if (SHOWN.contains(e.getKey()) && !e.getValue().isEmpty()) {
                details.add(e.getKey(), e.getValue());
            }
        }
        b.add("details", details);
        b.add("nextActions", Json.createArrayBuilder(nextActions(join)));
        b.add("requestedBy", join.requestedBy());
        optional(b, "createdAt", join.createdAt());
        optional(b, "updatedAt", join.updatedAt());
        optional(b, "finishedAt", join.finishedAt());
        b.add("revision", join.version());
        b.add("links", Json.createObjectBuilder().add("self", base).add("events", base + "/events"));
        return b.build();
    }

    /** What the tracker says now: the current step's text, or the outcome once final. */
    static String text(JoinFlow join) {
        if (join.state() == JoinState.SUCCEEDED || join.state() == JoinState.CANCELLED) {
            return join.outcome();
        }
        return join.step().map(s -> join.record(s).text()).orElse(join.outcome() == null ? "" : join.outcome());
    }

    /** The operations that make sense now (a join is never left with nothing to do). */
    static List<String> nextActions(JoinFlow join) {
        return switch (join.state()) {
            case RUNNING -> join.attempt() > 0 ? List.of("retry", "skip", "cancel") : List.of("retry", "cancel");
            case AWAITING_AUTHORITY -> List.of("cancel");
            case AWAITING_APPLICANT -> join.step().filter(s -> s == JoinStep.CONNECTOR).isPresent()
                    ? List.of("report-connector", "cancel") : List.of("retry", "cancel");
            case FAILED -> List.of("retry", "skip", "cancel");
            case SUCCEEDED, CANCELLED -> List.of();
        };
    }

    private static void optional(JsonObjectBuilder b, String name, Object value) {
        if (value != null) {
            b.add(name, value instanceof Instant i ? i.toString() : value.toString());
        }
    }
}
