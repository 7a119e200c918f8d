package com.kaphera.cloud.billing.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.billing.Metric;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.OrgRole;
import com.kaphera.cloud.tenancy.PlatformRole;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UsageRulesTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final UsageRules RULES = new UsageRules(Duration.ofMinutes(5), Duration.ofDays(62));

    private static JsonObjectBuilder good() {
        return Json.createObjectBuilder().add("id", "edc-7f3a:transfer:0001").add("organisation", "logistics-provider")
                .add("metric", "data-transferred-gb").add("quantity", new BigDecimal("1.25"))
                .add("occurredAt", "2026-12-02T09:15:00Z").add("subject", "edc-frankfurt");
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static UsageRules.Checked check(JsonObjectBuilder e) {
        return RULES.check(0, e.build(), NOW);
    }

    private static void assertRefused(UsageRules.Checked c, String field, String part) {
        assertFalse(c.ok());
        assertTrue(c.errors().stream().anyMatch(f -> f.field().equals(field) && f.message().contains(part)),
                "expected " + field + " ~ " + part + ": " + c.errors());
    }

    @Test
    void acceptsAWellFormedEvent() {
        UsageRules.Checked c = check(good());
        assertTrue(c.ok(), c.errors().toString());
        UsageEvent e = c.event();
        assertEquals(Metric.DATA_TRANSFERRED_GB, e.metric());
        assertEquals(new BigDecimal("1.25"), e.quantity());
        assertEquals(Instant.parse("2026-12-02T09:15:00Z"), e.occurredAt());
        assertEquals("edc-frankfurt", e.subject());
    }

    @Test
    void acceptsAnOffsetOtherThanUtcAndZeroAndWholeQuantities() {
        UsageRules.Checked c = check(good().add("occurredAt", "2026-12-02T10:15:00+01:00").add("quantity", 0));
        assertTrue(c.ok(), c.errors().toString());
        assertEquals(Instant.parse("2026-12-02T09:15:00Z"), c.event().occurredAt());
        assertEquals(0, BigDecimal.ZERO.compareTo(c.event().quantity()));
        assertEquals("100", check(good().add("quantity", new BigDecimal("1E+2"))).event().quantity().toPlainString());
    }

    @Test
    void refusesAnUnknownMetric() {
        assertRefused(check(good().add("metric", "api-calls")), "metric", "not a known metric");
    }

    @Test
    void refusesNegativeAndNonNumericQuantities() {
        assertRefused(check(good().add("quantity", -1)), "quantity", "negative");
        assertRefused(check(good().add("quantity", "12")), "quantity", "must be a number");
        assertRefused(check(good().add("quantity", true)), "quantity", "must be a number");
        assertRefused(check(good().addNull("quantity")), "quantity", "required");
    }

    @Test
    void refusesQuantitiesTheColumnCannotHold() {
        assertRefused(check(good().add("quantity", new BigDecimal("0.0000001"))), "quantity", "decimal places");
        assertRefused(check(good().add("quantity", new BigDecimal("1e15"))), "quantity", "too large");
        assertTrue(check(good().add("quantity", new BigDecimal("99999999999999.999999"))).ok());
        assertTrue(check(good().add("quantity", new BigDecimal("1.500000000"))).ok(), "trailing zeros are not decimals");
    }

    @Test
    void refusesTimesInTheFutureBeyondTheSkewAndOlderThanTheLateWindow() {
        assertTrue(check(good().add("occurredAt", "2026-12-02T10:04:00Z")).ok(), "within the clock skew");
        assertRefused(check(good().add("occurredAt", "2026-12-02T10:06:00Z")), "occurredAt", "in the future");
        assertTrue(check(good().add("occurredAt", "2026-10-02T10:00:00Z")).ok(), "61 days old: still accepted");
        assertRefused(check(good().add("occurredAt", "2026-09-30T10:00:00Z")), "occurredAt", "closed period");
        assertRefused(check(good().add("occurredAt", "2026-12-02 09:15")), "occurredAt", "RFC 3339");
        assertRefused(check(good().add("occurredAt", "2026-12-02T09:15:00")), "occurredAt", "RFC 3339");
    }

    @Test
    void refusesMissingOrOversizedIdsWithoutEchoingThem() {
        UsageRules.Checked missing = check(good().remove("id"));
        assertRefused(missing, "id", "required");
        UsageRules.Checked oversized = check(good().add("id", "x".repeat(201)));
        assertRefused(oversized, "id", "1-200");
        assertNull(oversized.id());
        assertRefused(check(good().add("id", "")), "id", "1-200");
        assertRefused(check(good().add("id", "bad\u0000id")), "id", "control characters");
        assertTrue(check(good().add("id", "x".repeat(200))).ok());
    }

    @Test
    void refusesAMalformedOrganisationWithTheWordsUsedForOneTheCallerMayNotReportFor() {
        assertRefused(check(good().add("organisation", "Not A Slug")), "organisation", UsageRules.NOT_YOURS);
        assertRefused(check(good().remove("organisation")), "organisation", "required");
    }

    @Test
    void reportsEveryErrorOfAnEventAtOnce() {
        UsageRules.Checked c = check(good().add("metric", "x").add("quantity", -2).add("subject", ""));
        assertEquals(Set.of("metric", "quantity", "subject"), Set.copyOf(c.errors().stream().map(FieldError::field).toList()));
        assertEquals("edc-7f3a:transfer:0001", c.id(), "the id is echoed so the reporter can match the answer");
    }

    @Test
    void refusesABodyThatIsNotABatch() {
        assertThrows(InvalidInputException.class, () -> UsageRules.events(json("{}")));
        assertThrows(InvalidInputException.class, () -> UsageRules.events(json("{\"events\":{}}")));
        assertThrows(InvalidInputException.class, () -> UsageRules.events(json("{\"events\":[]}")));
        assertThrows(InvalidInputException.class, () -> UsageRules.events(json("{\"events\":[1]}")));
        InvalidInputException unknown = assertThrows(InvalidInputException.class,
                () -> UsageRules.events(json("{\"events\":[{\"id\":\"a\",\"colour\":\"red\"}],\"batch\":1}")));
        assertEquals(List.of("batch", "events[0].colour"), unknown.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void refusesMoreThanAThousandEvents() {
        JsonArrayBuilder events = Json.createArrayBuilder();
        for (int i = 0; i < UsageRules.MAX_EVENTS + 1; i++) {
            events.add(good().add("id", "e-" + i));
        }
        JsonObject body = Json.createObjectBuilder().add("events", events).build();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> UsageRules.events(body));
        assertTrue(e.errors().get(0).message().contains("1001"), e.errors().toString());
        JsonArrayBuilder enough = Json.createArrayBuilder();
        for (int i = 0; i < UsageRules.MAX_EVENTS; i++) {
            enough.add(good().add("id", "e-" + i));
        }
        assertEquals(1000, UsageRules.events(Json.createObjectBuilder().add("events", enough).build()).size());
    }

    @Test
    void billsAnEventOfAnInvoicedMonthInTheFirstOpenMonth() {
        LocalDate closedThrough = LocalDate.of(2026, 12, 1);
        assertEquals(LocalDate.of(2026, 12, 1), UsageRules.billingPeriod(Instant.parse("2026-11-30T23:59:59Z"), closedThrough));
        assertEquals(LocalDate.of(2026, 12, 1), UsageRules.billingPeriod(Instant.parse("2026-10-03T00:00:00Z"), closedThrough));
        assertEquals(LocalDate.of(2026, 12, 1), UsageRules.billingPeriod(Instant.parse("2026-12-01T00:00:00Z"), closedThrough));
        assertEquals(LocalDate.of(2027, 1, 1), UsageRules.billingPeriod(Instant.parse("2027-01-01T00:30:00Z"), closedThrough));
        // Months are UTC months: 00:30 on 1 December in Berlin is still November.
        assertEquals(LocalDate.of(2026, 11, 1), UsageRules.billingPeriod(Instant.parse("2026-11-30T23:30:00Z"),
                LocalDate.of(2000, 1, 1)));
    }

    @Test
    void onlyOperatorsAndPlatformAdminsReportAnywhere() {
        assertFalse(UsageIngestion.reportsAnywhere(Caller.of("petra", Set.of(), Map.of("oem", OrgRole.VIEWER))));
        assertFalse(UsageIngestion.reportsAnywhere(Caller.of("sam", Set.of(PlatformRole.SUPPORT), Map.of())));
        assertTrue(UsageIngestion.reportsAnywhere(Caller.of("svc", Set.of(), Map.of("oem", OrgRole.OPERATOR))));
        assertTrue(UsageIngestion.reportsAnywhere(Caller.of("ada", Set.of(PlatformRole.ADMIN), Map.of())));
        assertTrue(UsageIngestion.reportsAnywhere(Caller.system("metering")));
    }
}
