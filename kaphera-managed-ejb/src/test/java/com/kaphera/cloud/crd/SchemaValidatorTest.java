package com.kaphera.cloud.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.common.FieldError;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaValidatorTest {
    private static final JsonObject SCHEMA = json("""
            {"type":"object","required":["participantId","replicas"],
             "properties":{
               "participantId":{"type":"string","pattern":"^BPNL[0-9A-Z]{12}$"},
               "replicas":{"type":"integer","minimum":1,"maximum":5},
               "tier":{"type":"string","enum":["standard","premium"]},
               "resources":{"type":"object","properties":{"cpu":{"x-kubernetes-int-or-string":true}}},
               "settings":{"type":"object","additionalProperties":{"type":"string"}},
               "endpoints":{"type":"array","maxItems":2,"items":{"type":"object","required":["port"],
                  "properties":{"port":{"type":"integer"},"name":{"type":"string"}}},
                  "x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"]},
               "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
               "transferTypes":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}}}}
            """);

    @Test
    void acceptsAValidSpec() {
        assertEquals(List.of(), errors("""
                {"participantId":"BPNL00000000OEM1","replicas":2,"tier":"premium","resources":{"cpu":"500m"},
                 "settings":{"edc.x":"y"},"endpoints":[{"name":"dsp","port":8282}],"free":{"any":{"thing":1}}}"""));
    }

    @Test
    void reportsEveryProblemWithItsPath() {
        List<FieldError> errors = errors("""
                {"participantId":"oem","replicas":"two","tier":"gold","colour":"red",
                 "settings":{"n":1},"endpoints":[{"name":"a"},{"name":"a","port":1},{"port":2}]}""");
        assertTrue(errors.contains(new FieldError("spec.participantId", "must match ^BPNL[0-9A-Z]{12}$")), errors::toString);
        assertTrue(errors.contains(new FieldError("spec.replicas", "must be an integer (got a string)")), errors::toString);
        assertTrue(errors.contains(new FieldError("spec.tier", "must be one of [\"standard\",\"premium\"]")), errors::toString);
        assertTrue(errors.contains(new FieldError("spec.colour", "is not a known field")), errors::toString);
        assertTrue(errors.contains(new FieldError("spec.settings.n", "must be a string (got a number)")), errors::toString);
        assertTrue(errors.contains(new FieldError("spec.endpoints[0].port", "is required")), errors::toString);
        assertTrue(errors.contains(new FieldError("spec.endpoints[1]", "duplicates the key of an earlier item")), errors::toString);
        assertTrue(errors.contains(new FieldError("spec.endpoints", "must have at most 2 items")), errors::toString);
    }

    @Test
    void reportsMissingRequiredFieldsAndBounds() {
        assertEquals(List.of(new FieldError("spec.participantId", "is required"),
                new FieldError("spec.replicas", "must be at most 5")), errors("{\"replicas\":9}"));
    }

    @Test
    void integersMayNotHaveFractions() {
        assertEquals(List.of(new FieldError("spec.replicas", "must be an integer (got a number)")),
                errors("{\"participantId\":\"BPNL00000000OEM1\",\"replicas\":1.5}"));
        assertEquals(List.of(), errors("{\"participantId\":\"BPNL00000000OEM1\",\"replicas\":2.0}"));
    }

    @Test
    void setListsMayNotRepeatAnItem() {
        assertEquals(List.of(new FieldError("spec.transferTypes", "must not contain duplicates")),
                errors("{\"participantId\":\"BPNL00000000OEM1\",\"replicas\":1,\"transferTypes\":[\"a\",\"a\"]}"));
    }

    @Test
    void nullIsRefusedUnlessNullable() {
        assertEquals(List.of(new FieldError("spec.tier", "must not be null")),
                errors("{\"participantId\":\"BPNL00000000OEM1\",\"replicas\":1,\"tier\":null}"));
    }

    private static List<FieldError> errors(String spec) {
        List<FieldError> errors = new ArrayList<>();
        SchemaValidator.validate(SCHEMA, json(spec), "spec", errors);
        return errors;
    }

    static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
