package com.kaphera.cloud.governance.membership;

import com.kaphera.cloud.governance.DataspaceProfile;
import com.kaphera.cloud.governance.OnboardingStepType;
import com.kaphera.cloud.governance.credentials.PresentedCredentials;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs the automatic onboarding steps of the catalogue against a request's inputs, each ending with a
 * status, a plain-language reason and the evidence it rests on. Approval steps are not run here: they
 * queue for a person ({@link StepStatus#WAITING}).
 */
@Stateless
public class OnboardingChecks {
    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @EJB
    PresentedCredentials presented;

    public StepResult run(StepResult step, DataspaceProfile.OnboardingStep spec, MembershipRequest request,
            DataspaceProfile profile, Instant now) {
        OnboardingStepType type = OnboardingStepType.fromId(spec.type()).orElseThrow();
        JsonObject p = spec.parameters() == null ? JsonValue.EMPTY_JSON_OBJECT : spec.parameters();
        if (type.needsPerson()) {
            return step.ran(StepStatus.WAITING, "waiting for " + (type == OnboardingStepType.FOUR_EYES_APPROVAL
                    ? "two different authority admins" : "an authority admin") + " to approve", null, now);
        }
        return switch (type) {
            case LEGAL_ENTITY_ID -> legalEntity(step, p, request, now);
            case ATTESTATION_DOCUMENT -> attestation(step, p, request, now);
            case CREDENTIAL_PRESENT -> credential(step, p, request, profile, now);
            default -> throw new IllegalStateException(type.id());
        };
    }

    private StepResult legalEntity(StepResult step, JsonObject p, MembershipRequest request, Instant now) {
        String id = request.legalEntityId();
        if (id == null) {
            return step.ran(StepStatus.FAILED, "no legal-entity identifier given: set legalEntityId on the request "
                    + "(or on the organisation) and re-run", null, now);
        }
        String pattern = OnboardingStepType.legalEntityPattern(p);
        JsonObject evidence = Json.createObjectBuilder().add("legalEntityId", id).add("pattern", pattern).build();
        if (!Pattern.compile(pattern).matcher(id).matches()) {
            return step.ran(StepStatus.FAILED, "'" + id + "' does not have the dataspace's format ("
                    + ("bpnl".equals(p.getString("format", "bpnl")) ? "BPNL followed by 12 letters or digits" : pattern)
                    + ")", evidence, now);
        }
        if (p.getBoolean("unique", true)) {
            List<String> holders = em.createQuery("select m.organisation from Member m where m.dataspaceId = :d "
                            + "and m.legalEntityId = :l and m.organisation <> :o", String.class)
                    .setParameter("d", request.dataspaceId()).setParameter("l", id)
                    .setParameter("o", request.organisation()).getResultList();
            if (!holders.isEmpty()) {
                return step.ran(StepStatus.FAILED, "another member of the dataspace already has legal-entity identifier '"
                        + id + "'", evidence, now);
            }
        }
        return step.ran(StepStatus.PASSED, "'" + id + "' has the dataspace's format"
                + (p.getBoolean("unique", true) ? " and no member uses it" : ""), evidence, now);
    }

    private static StepResult attestation(StepResult step, JsonObject p, MembershipRequest request, Instant now) {
        String type = p.getString("documentType");
        Optional<MembershipInputs.Attestation> doc = request.inputs().attestations().stream()
                .filter(a -> a.documentType().equals(type)).findFirst();
        if (doc.isEmpty()) {
            return step.ran(StepStatus.FAILED, "no document of type '" + type + "' declared: add it to attestations "
                    + "(name and SHA-256) and re-run", null, now);
        }
        var b = Json.createObjectBuilder().add("documentType", type).add("name", doc.get().name())
                .add("sha256", doc.get().sha256());
        if (doc.get().url() != null) {
            b.add("url", doc.get().url());
        }
        return step.ran(StepStatus.PASSED, "'" + doc.get().name() + "' declared (SHA-256 " + doc.get().sha256().substring(0, 12)
                + "…)", b.build(), now);
    }

    private StepResult credential(StepResult step, JsonObject p, MembershipRequest request, DataspaceProfile profile,
            Instant now) {
        String type = p.getString("credentialType");
        List<DataspaceProfile.TrustedIssuer> issuers = profile.trustedIssuers();
        if (p.containsKey("issuers")) {
            List<String> allowed = p.getJsonArray("issuers").getValuesAs(jakarta.json.JsonString.class).stream()
                    .map(jakarta.json.JsonString::getString).toList();
            issuers = issuers.stream().filter(i -> allowed.contains(i.did())).toList();
        }
        PresentedCredentials.Outcome outcome = presented.check(request.inputs().credentials(), type, request.holderDid(),
                issuers);
        return step.ran(outcome.passed() ? StepStatus.PASSED : StepStatus.FAILED, outcome.reason(), outcome.evidence(), now);
    }
}
