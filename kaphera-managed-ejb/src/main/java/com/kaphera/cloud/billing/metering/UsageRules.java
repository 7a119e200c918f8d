package com.kaphera.cloud.billing.metering;

import com.kaphera.cloud.billing.Metric;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.FreeText;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.organisation.Organisation;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a usage report is held to, without the database: the batch's shape (a malformed batch is
 * refused whole, 400) and each event's values (a bad event is refused alone, the others are kept).
 * Whether the caller may report for the event's organisation is decided by {@link UsageIngestion}.
 */
public final class UsageRules {
    /** Events per batch: a connector buffers more and sends several batches. */
    public static final int MAX_EVENTS = 1000;
    public static final int ID_MAX = 200;
    public static final int SUBJECT_MAX = 200;
    /** numeric(20,6): 14 digits before the point, 6 after. */
    static final int QUANTITY_SCALE = 6;
    static final int QUANTITY_INTEGER_DIGITS = 14;
    static final String NOT_YOURS = "is not an organisation you may report usage for";

    private static final Set<String> BATCH_FIELDS = Set.of("events");
    private static final Set<String> EVENT_FIELDS = Set.of("id", "organisation", "metric", "quantity", "occurredAt", "subject");
    private static final Pattern SLUG = Pattern.compile(Organisation.SLUG_REGEX);
    private static final int MAX_SHAPE_ERRORS = 20;

    private final Duration clockSkew;
    private final Duration lateWindow;

    /**
     * @param clockSkew how far in the future an event's time may be (the reporter's clock runs ahead)
     * @param lateWindow how old an event may be; older ones are refused as in a closed period
     */
    public UsageRules(Duration clockSkew, Duration lateWindow) {
        this.clockSkew = clockSkew;
        this.lateWindow = lateWindow;
    }

    /** An event checked on its own: the event when it is good, else its errors (its id as sent, if any). */
    public record Checked(int index, String id, UsageEvent event, List<FieldError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /**
     * The batch's events, or 400 when the body is not a batch: no {@code events} array, more than
     * {@link #MAX_EVENTS}, an element that is not an object, or a field this API does not know.
     */
    public static List<JsonObject> events(JsonObject body) {
        List<FieldError> errors = new ArrayList<>();
        body.keySet().stream().filter(k -> !BATCH_FIELDS.contains(k)).sorted()
                .forEach(k -> errors.add(new FieldError(k, "is not a field of a usage report")));
        JsonValue events = body.get("events");
        if (events == null || events.getValueType() != JsonValue.ValueType.ARRAY) {
            errors.add(new FieldError("events", "is required: an array of 1-" + MAX_EVENTS + " usage events"));
            throw new InvalidInputException("The usage report is not valid", errors);
        }
        List<JsonValue> items = events.asJsonArray();
        if (items.isEmpty() || items.size() > MAX_EVENTS) {
            errors.add(new FieldError("events", "holds " + items.size() + " events: a batch holds 1-" + MAX_EVENTS
                    + " (send more in several batches)"));
        }
        List<JsonObject> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size() && errors.size() < MAX_SHAPE_ERRORS; i++) {
            JsonValue item = items.get(i);
            if (item.getValueType() != JsonValue.ValueType.OBJECT) {
                errors.add(new FieldError("events[" + i + "]", "must be a JSON object"));
                continue;
            }
            JsonObject event = item.asJsonObject();
            for (String k : event.keySet()) {
                if (!EVENT_FIELDS.contains(k)) {
                    errors.add(new FieldError("events[" + i + "]." + k, "is not a field of a usage event (known: "
                            + String.join(", ", EVENT_FIELDS.stream().sorted().toList()) + ")"));
                }
            }
            out.add(event);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The usage report is not valid", errors);
        }
        return out;
    }

    /** Checks one event's own values against {@code now}; the organisation's slug only for its form. */
    public Checked check(int index, JsonObject e, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        String id = string(e, "id", errors);
        if (id != null && (id.isEmpty() || id.length() > ID_MAX || !FreeText.isClean(id))) {
            errors.add(new FieldError("id", "must be 1-" + ID_MAX + " characters without control characters"));
        } else if (id == null && !errors.stream().anyMatch(f -> f.field().equals("id"))) {
            errors.add(new FieldError("id", "is required: the event's own id, unique within the organisation"));
        }
        String organisation = string(e, "organisation", errors);
        if (organisation == null && !has(errors, "organisation")) {
            errors.add(new FieldError("organisation", "is required: the slug of the organisation that used it"));
        } else if (organisation != null && !SLUG.matcher(organisation).matches()) {
            errors.add(new FieldError("organisation", NOT_YOURS));
        }
        String metricId = string(e, "metric", errors);
        Metric metric = metricId == null ? null : Metric.of(metricId).orElse(null);
        if (metric == null && !has(errors, "metric")) {
            errors.add(new FieldError("metric", (metricId == null ? "is required" : "is not a known metric") + " (one of: "
                    + Metric.ids() + ")"));
        }
        BigDecimal quantity = quantity(e.get("quantity"), errors);
        Instant occurredAt = occurredAt(e, now, errors);
        String subject = string(e, "subject", errors);
        if (subject != null && (subject.isEmpty() || subject.length() > SUBJECT_MAX || !FreeText.isClean(subject))) {
            errors.add(new FieldError("subject", "must be 1-" + SUBJECT_MAX + " characters without control characters"));
        }
        if (!errors.isEmpty()) {
            return new Checked(index, id != null && id.length() <= ID_MAX && FreeText.isClean(id) ? id : null, null,
                    List.copyOf(errors));
        }
        return new Checked(index, id, new UsageEvent(id, organisation, metric, quantity, occurredAt, subject), List.of());
    }

    /**
     * The month an event is billed in: its own, or when its own month is already invoiced
     * ({@code closedThrough}, exclusive, is later) the first open month, where it is an adjustment.
     */
    public static LocalDate billingPeriod(Instant occurredAt, LocalDate closedThrough) {
        LocalDate own = YearMonth.from(occurredAt.atOffset(ZoneOffset.UTC)).atDay(1);
        LocalDate firstOpen = YearMonth.from(closedThrough).atDay(1);
        return own.isBefore(firstOpen) ? firstOpen : own;
    }

    private static boolean has(List<FieldError> errors, String field) {
        return errors.stream().anyMatch(f -> f.field().equals(field));
    }

    /** The string at {@code field}, null when absent or JSON null; an error when it is another type. */
    private static String string(JsonObject e, String field, List<FieldError> errors) {
        JsonValue v = e.get(field);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        errors.add(new FieldError(field, "must be a string"));
        return null;
    }

    private static BigDecimal quantity(JsonValue v, List<FieldError> errors) {
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            errors.add(new FieldError("quantity", "is required: a number of the metric's unit, 0 or more"));
            return null;
        }
        if (!(v instanceof JsonNumber n)) {
            errors.add(new FieldError("quantity", "must be a number (not a string or other value)"));
            return null;
        }
        BigDecimal q;
        try {
            q = n.bigDecimalValue();
        } catch (NumberFormatException | ArithmeticException ex) {
            errors.add(new FieldError("quantity", "is not a number we can store"));
            return null;
        }
        if (q.signum() < 0) {
            errors.add(new FieldError("quantity", "must not be negative"));
            return null;
        }
        if (q.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal s = q.stripTrailingZeros();
        if (s.scale() > QUANTITY_SCALE) {
            errors.add(new FieldError("quantity", "has more than " + QUANTITY_SCALE + " decimal places"));
            return null;
        }
        if (s.precision() - s.scale() > QUANTITY_INTEGER_DIGITS) {
            errors.add(new FieldError("quantity", "is too large (at most " + QUANTITY_INTEGER_DIGITS + " digits before the point)"));
            return null;
        }
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private Instant occurredAt(JsonObject e, Instant now, List<FieldError> errors) {
        String text = string(e, "occurredAt", errors);
        if (text == null) {
            if (!has(errors, "occurredAt")) {
                errors.add(new FieldError("occurredAt", "is required: when the usage happened (RFC 3339, e.g. 2026-11-30T14:05:00Z)"));
            }
            return null;
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException ex) {
            errors.add(new FieldError("occurredAt", "must be an RFC 3339 time with offset, e.g. 2026-11-30T14:05:00Z"));
            return null;
        }
        if (at.isAfter(now.plus(clockSkew))) {
            errors.add(new FieldError("occurredAt", "is in the future (more than " + clockSkew.toSeconds()
                    + " s ahead of the server's clock)"));
            return null;
        }
        if (at.isBefore(now.minus(lateWindow))) {
            errors.add(new FieldError("occurredAt", "is in a closed period: events older than " + lateWindow.toDays()
                    + " days are no longer accepted"));
            return null;
        }
        return at;
    }
}
