package com.kaphera.cloud.join;

import com.kaphera.cloud.governance.membership.MembershipInputs;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.List;

/**
 * The membership inputs a join was submitted with, kept in its details as canonical JSON (also what
 * the Idempotency-Key's body hash is computed over, with the dataspace and the deployment model).
 */
final class JoinInputs {
    static final String DETAIL = "inputs";

    private JoinInputs() {
    }

    static String write(MembershipInputs inputs) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        if (inputs.legalEntityId() != null) {
            b.add("legalEntityId", inputs.legalEntityId());
        }
        if (inputs.holderDid() != null) {
            b.add("holderDid", inputs.holderDid());
        }
        JsonArrayBuilder attestations = Json.createArrayBuilder();
        for (MembershipInputs.Attestation a : inputs.attestations()) {
            JsonObjectBuilder o = Json.createObjectBuilder().add("documentType", a.documentType()).add("name", a.name())
                    .add("sha256", a.sha256());
            if (a.url() != null) {
                o.add("url", a.url());
            }
            attestations.add(o);
        }
        return b.add("attestations", attestations).add("credentials", Json.createArrayBuilder(inputs.credentials()))
                .build().toString();
    }

    static MembershipInputs read(String json) {
        if (json == null) {
            return new MembershipInputs(null, null, List.of(), List.of());
        }
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            JsonObject o = r.readObject();
            return new MembershipInputs(o.getString("legalEntityId", null), o.getString("holderDid", null),
                    o.getJsonArray("attestations").getValuesAs(JsonObject.class).stream()
                            .map(a -> new MembershipInputs.Attestation(a.getString("documentType"), a.getString("name"),
                                    a.getString("sha256"), a.getString("url", null)))
                            .toList(),
                    o.getJsonArray("credentials").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());
        }
    }
}
