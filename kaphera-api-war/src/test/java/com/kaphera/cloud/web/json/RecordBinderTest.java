package com.kaphera.cloud.web.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.common.FieldError;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordBinderTest {
    record Spec(String image, Integer replicas, Boolean enabled, List<String> tags, Map<String, String> labels) {
    }

    record Connector(String name, Spec spec) {
    }

    record Patch(FieldPatch<String> displayName, FieldPatch<String> legalEntityId) {
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void bindsNestedRecordsListsAndMaps() {
        List<FieldError> errors = new ArrayList<>();
        Connector c = RecordBinder.bind(Connector.class, json("""
                {"name":"cp","spec":{"image":"edc:0.11","replicas":2,"enabled":true,
                 "tags":["a","b"],"labels":{"tier":"1"}}}"""), errors);
        assertTrue(errors.isEmpty(), errors.toString());
        assertEquals(new Connector("cp", new Spec("edc:0.11", 2, true, List.of("a", "b"), Map.of("tier", "1"))), c);
    }

    @Test
    void reportsEveryWrongTypeWithItsPath() {
        List<FieldError> errors = new ArrayList<>();
        Connector c = RecordBinder.bind(Connector.class, json("""
                {"name":1,"spec":{"replicas":"two","enabled":"yes","tags":[1]}}"""), errors);
        assertNull(c);
        assertEquals(List.of(new FieldError("name", "must be a string"),
                new FieldError("spec.replicas", "must be a whole number"),
                new FieldError("spec.enabled", "must be true or false"),
                new FieldError("spec.tags[0]", "must be a string")), errors);
    }

    @Test
    void unknownFieldsAreErrorsButDoNotStopBinding() {
        List<FieldError> errors = new ArrayList<>();
        Connector c = RecordBinder.bind(Connector.class, json("{\"name\":\"cp\",\"status\":{},\"spec\":{\"x\":1}}"),
                errors);
        assertNotNull(c);
        assertEquals(List.of(new FieldError("status", "is not a known field"),
                new FieldError("spec.x", "is not a known field")), errors);
    }

    @Test
    void rejectsFractionsAndOutOfRangeNumbers() {
        List<FieldError> errors = new ArrayList<>();
        RecordBinder.bind(Spec.class, json("{\"replicas\":1.5}"), errors);
        RecordBinder.bind(Spec.class, json("{\"replicas\":99999999999}"), errors);
        assertEquals(List.of(new FieldError("replicas", "must be a whole number"),
                new FieldError("replicas", "is out of range")), errors);
    }

    @Test
    void mergePatchTellsAbsentFromNull() {
        List<FieldError> errors = new ArrayList<>();
        Patch p = RecordBinder.bind(Patch.class, json("{\"legalEntityId\":null}"), errors);
        assertNull(p.displayName(), "absent: leave alone");
        assertTrue(p.legalEntityId().clears(), "null: remove");
        Patch q = RecordBinder.bind(Patch.class, json("{\"displayName\":\"x\"}"), errors);
        assertEquals("x", q.displayName().value());
        assertTrue(errors.isEmpty());
    }

    record Price(java.math.BigDecimal amount, java.time.LocalDate from) {
    }

    @Test
    void decimalsComeAsNumbersOrStringsAndDatesAsIsoStrings() {
        List<FieldError> errors = new ArrayList<>();
        assertEquals(new Price(new java.math.BigDecimal("12.50"), java.time.LocalDate.of(2026, 12, 1)),
                RecordBinder.bind(Price.class, json("{\"amount\":\"12.50\",\"from\":\"2026-12-01\"}"), errors));
        assertEquals(new java.math.BigDecimal("0.1"), RecordBinder.bind(Price.class, json("{\"amount\":0.1}"), errors).amount());
        assertTrue(errors.isEmpty(), errors.toString());
        assertNull(RecordBinder.bind(Price.class, json("{\"amount\":\"ten\",\"from\":\"01.12.2026\"}"), errors));
        assertNull(RecordBinder.bind(Price.class, json("{\"amount\":1e999999}"), errors));
        assertEquals(List.of(new FieldError("amount", "must be a decimal number"),
                new FieldError("from", "must be a date (YYYY-MM-DD)"), new FieldError("amount", "is out of range")), errors);
    }
}
