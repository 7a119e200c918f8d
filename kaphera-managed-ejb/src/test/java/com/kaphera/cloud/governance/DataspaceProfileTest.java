package com.kaphera.cloud.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.common.FieldError;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DataspaceProfileTest {
    private static JsonObject params(String json) {
        return Json.createReader(new java.io.StringReader(json)).readObject();
    }

    private static DataspaceProfile profile(List<DataspaceProfile.TrustedIssuer> issuers, DataspaceProfile.OnboardingStep... steps) {
        return new DataspaceProfile("Automotive supply-chain data exchange\nfor the Rhine-Main pilot",
                List.of(new DataspaceProfile.UseCase("traceability", "Part traceability", null)),
                new DataspaceProfile.IdentityModel("did:web", List.of("MembershipCredential"), issuers),
                new DataspaceProfile.OnboardingRules(List.of(steps), false), null);
    }

    private static Map<String, String> problems(DataspaceProfile p) {
        return p.problems().stream().collect(Collectors.toMap(FieldError::field, FieldError::message, (a, b) -> a + "; " + b));
    }

    @Test
    void thePilotProfileIsValidAndRoundTripsThroughItsStoredForm() {
        DataspaceProfile p = profile(List.of(),
                new DataspaceProfile.OnboardingStep("legal-entity-id", params("{\"format\":\"bpnl\",\"unique\":true}")),
                new DataspaceProfile.OnboardingStep("four-eyes-approval", params("{}")));
        assertEquals(List.of(), p.problems());
        assertEquals(p.toJson(), DataspaceProfile.fromJson(p.toJson()).toJson());
        assertEquals(365, p.validityDays());
        assertTrue(p.onboardingInPlainLanguage().get(0).contains("BPNL"), p.onboardingInPlainLanguage().toString());
    }

    @Test
    void everyProblemIsNamedByItsField() throws Exception {
        String privateJwk = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).generate().toJSONString();
        DataspaceProfile p = profile(List.of(new DataspaceProfile.TrustedIssuer("did:web:bpn.example", null,
                        params(privateJwk)), new DataspaceProfile.TrustedIssuer("did:web:rsa.example", null,
                        params(new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).generate().toPublicJWK().toJSONString()))),
                new DataspaceProfile.OnboardingStep("legal-entity-id", params("{\"format\":\"lei\",\"pattern\":\"^X$\"}")),
                new DataspaceProfile.OnboardingStep("credential-present", params("{\"credentialType\":\"BpnCredential\","
                        + "\"issuers\":[\"did:web:unknown.example\"]}")),
                new DataspaceProfile.OnboardingStep("manual-approval", params("{\"instructions\":5}")));
        Map<String, String> problems = problems(p);
        assertTrue(problems.get("identity.trustedIssuers[0].publicKeyJwk").contains("private key material"), problems.toString());
        assertTrue(problems.get("identity.trustedIssuers[1].publicKeyJwk").contains("P-256"), problems.toString());
        assertTrue(problems.get("onboarding.steps[0].parameters.pattern").contains("only used with format 'regex'"), problems.toString());
        assertTrue(problems.get("onboarding.steps[1].parameters.issuers[0]").contains("not one of identity.trustedIssuers"),
                problems.toString());
        assertTrue(problems.get("onboarding.steps[2].parameters.instructions").contains("string"), problems.toString());
    }

    @Test
    void controlCharactersAreRefusedButParagraphsAreFine() {
        DataspaceProfile p = new DataspaceProfile("Two\nparagraphs\u0000", List.of(new DataspaceProfile.UseCase("pcf", "PCF\u0007", null)),
                new DataspaceProfile.IdentityModel("did:key", List.of(), List.of()),
                new DataspaceProfile.OnboardingRules(List.of(), null), 0);
        Map<String, String> problems = problems(p);
        assertTrue(problems.containsKey("description"));
        assertTrue(problems.containsKey("useCases[0].title"));
        assertTrue(problems.get("identity.didMethod").contains("did:web"));
        assertTrue(problems.containsKey("identity.credentialTypes"));
        assertTrue(problems.containsKey("onboarding.steps"));
        assertTrue(problems.containsKey("credentialValidityDays"));
    }
}
