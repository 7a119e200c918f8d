package com.kaphera.cloud.governance;

import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.FreeText;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a governance authority publishes about its dataspace: a plain-language description and use
 * cases, the identity model (DID method, the credential types a participant must hold, the issuers
 * trusted for them) and the onboarding rules (an ordered list of steps from {@link OnboardingStepType}).
 * A value: versions of it are stored as JSON text ({@link ProfileVersion}); {@link #problems} is the
 * one validation, with a field path for every error.
 */
public record DataspaceProfile(String description, List<UseCase> useCases, IdentityModel identity,
        OnboardingRules onboarding, Integer credentialValidityDays) {

    public static final String DID_METHOD = "did:web";
    public static final int DEFAULT_VALIDITY_DAYS = 365;
    private static final Pattern CREDENTIAL_TYPE = Pattern.compile("^[A-Z][A-Za-z0-9]{0,99}$");
    private static final Pattern USE_CASE_ID = Pattern.compile("^[a-z][a-z0-9-]{0,62}$");
    /** did:METHOD:ID with the characters DID syntax allows (W3C DID Core 3.1). */
    private static final Pattern DID = Pattern.compile("^did:[a-z0-9]+:[A-Za-z0-9._:%-]*[A-Za-z0-9._%-]$");

    public record UseCase(String id, String title, String description) {
    }

    /** The DID method, the credential types every member holds, the issuers trusted besides the dataspace's own. */
    public record IdentityModel(String didMethod, List<String> credentialTypes, List<TrustedIssuer> trustedIssuers) {
    }

    /** An issuer trusted for credentials applicants present; its key may be pinned instead of resolved. */
    public record TrustedIssuer(String did, String name, JsonObject publicKeyJwk) {
    }

    public record OnboardingRules(List<OnboardingStep> steps, Boolean autoApprove) {
    }

    /** A step of the catalogue ({@link OnboardingStepType}) with its parameters. */
    public record OnboardingStep(String type, JsonObject parameters) {
    }

    public int validityDays() {
        return credentialValidityDays == null ? DEFAULT_VALIDITY_DAYS : credentialValidityDays;
    }

    public boolean autoApprove() {
        return onboarding != null && Boolean.TRUE.equals(onboarding.autoApprove());
    }

    public List<OnboardingStep> steps() {
        return onboarding == null || onboarding.steps() == null ? List.of() : onboarding.steps();
    }

    public List<String> credentialTypes() {
        return identity == null || identity.credentialTypes() == null ? List.of() : identity.credentialTypes();
    }

    public List<TrustedIssuer> trustedIssuers() {
        return identity == null || identity.trustedIssuers() == null ? List.of() : identity.trustedIssuers();
    }

    public static boolean isDid(String value) {
        return value != null && value.length() <= 500 && DID.matcher(value).matches();
    }

    /** Every problem with this profile, each with its field path; empty when it may be saved. */
    public List<FieldError> problems() {
        List<FieldError> errors = new ArrayList<>();
        if (description == null || description.isBlank()) {
            errors.add(new FieldError("description", "is required: say in plain language what the dataspace is for"));
        } else if (description.length() > 4000) {
            errors.add(new FieldError("description", "must be at most 4000 characters"));
        } else {
            FreeText.checkProse("description", description, errors);
        }
        checkUseCases(errors);
        checkIdentity(errors);
        checkOnboarding(errors);
        if (credentialValidityDays != null && (credentialValidityDays < 1 || credentialValidityDays > 1825)) {
            errors.add(new FieldError("credentialValidityDays", "must be between 1 and 1825 days"));
        }
        return errors;
    }

    private void checkUseCases(List<FieldError> errors) {
        if (useCases == null || useCases.isEmpty()) {
            errors.add(new FieldError("useCases", "name at least one use case participants join for"));
            return;
        }
        if (useCases.size() > 50) {
            errors.add(new FieldError("useCases", "at most 50 use cases"));
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < useCases.size(); i++) {
            UseCase u = useCases.get(i);
            String path = "useCases[" + i + "]";
            if (u.id() == null || !USE_CASE_ID.matcher(u.id()).matches()) {
                errors.add(new FieldError(path + ".id", "must be 1-63 lower-case letters, digits or '-', starting with a letter"));
            } else if (!ids.add(u.id())) {
                errors.add(new FieldError(path + ".id", "duplicate use case '" + u.id() + "'"));
            }
            if (u.title() == null || u.title().isBlank() || u.title().length() > 200) {
                errors.add(new FieldError(path + ".title", "is required, at most 200 characters"));
            } else {
                FreeText.check(path + ".title", u.title(), errors);
            }
            if (u.description() != null) {
                if (u.description().length() > 2000) {
                    errors.add(new FieldError(path + ".description", "must be at most 2000 characters"));
                }
                FreeText.checkProse(path + ".description", u.description(), errors);
            }
        }
    }

    private void checkIdentity(List<FieldError> errors) {
        if (identity == null) {
            errors.add(new FieldError("identity", "is required (didMethod, credentialTypes, trustedIssuers)"));
            return;
        }
        if (!DID_METHOD.equals(identity.didMethod())) {
            errors.add(new FieldError("identity.didMethod", "must be 'did:web' (the only method supported)"));
        }
        List<String> types = credentialTypes();
        if (types.isEmpty()) {
            errors.add(new FieldError("identity.credentialTypes", "name at least one credential type, e.g. MembershipCredential"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < types.size(); i++) {
            String t = types.get(i);
            if (t == null || !CREDENTIAL_TYPE.matcher(t).matches()) {
                errors.add(new FieldError("identity.credentialTypes[" + i + "]",
                        "must be a credential type name such as MembershipCredential (letters and digits, starting upper-case)"));
            } else if (!seen.add(t)) {
                errors.add(new FieldError("identity.credentialTypes[" + i + "]", "duplicate credential type '" + t + "'"));
            }
        }
        List<TrustedIssuer> issuers = trustedIssuers();
        Set<String> dids = new HashSet<>();
        for (int i = 0; i < issuers.size(); i++) {
            TrustedIssuer issuer = issuers.get(i);
            String path = "identity.trustedIssuers[" + i + "]";
            if (!isDid(issuer.did())) {
                errors.add(new FieldError(path + ".did", "is not a DID (did:method:identifier)"));
            } else if (issuer.publicKeyJwk() == null && !com.kaphera.cloud.governance.credentials.dcp.DidWeb.isValid(issuer.did())) {
                errors.add(new FieldError(path + ".did", "is not a did:web DID this server can resolve; pin the issuer's key "
                        + "(publicKeyJwk) to trust another kind of DID"));
            } else if (!dids.add(issuer.did())) {
                errors.add(new FieldError(path + ".did", "duplicate trusted issuer"));
            }
            if (issuer.name() != null) {
                FreeText.check(path + ".name", issuer.name(), errors);
            }
            if (issuer.publicKeyJwk() != null) {
                PublicKeys.check(path + ".publicKeyJwk", issuer.publicKeyJwk(), errors);
            }
        }
    }

    private void checkOnboarding(List<FieldError> errors) {
        if (onboarding == null || onboarding.steps() == null || onboarding.steps().isEmpty()) {
            errors.add(new FieldError("onboarding.steps", "list at least one onboarding step"));
            return;
        }
        List<OnboardingStep> steps = onboarding.steps();
        if (steps.size() > 20) {
            errors.add(new FieldError("onboarding.steps", "at most 20 steps"));
        }
        Set<OnboardingStepType> singles = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            String path = "onboarding.steps[" + i + "]";
            OnboardingStep step = steps.get(i);
            var type = OnboardingStepType.fromId(step.type());
            if (type.isEmpty()) {
                errors.add(new FieldError(path + ".type", "unknown step '" + step.type() + "'; known: "
                        + OnboardingStepType.ids()));
                continue;
            }
            if (type.get().oncePerProfile() && !singles.add(type.get())) {
                errors.add(new FieldError(path + ".type", "'" + step.type() + "' may appear once"));
            }
            type.get().check(step.parameters() == null ? JsonValue.EMPTY_JSON_OBJECT : step.parameters(),
                    path + ".parameters", this, errors);
        }
    }

    public JsonObject toJson() {
        JsonObjectBuilder b = Json.createObjectBuilder().add("description", description);
        JsonArrayBuilder uses = Json.createArrayBuilder();
        for (UseCase u : useCases) {
            JsonObjectBuilder ub = Json.createObjectBuilder().add("id", u.id()).add("title", u.title());
            if (u.description() != null) {
                ub.add("description", u.description());
            }
            uses.add(ub);
        }
        b.add("useCases", uses);
        JsonArrayBuilder issuers = Json.createArrayBuilder();
        for (TrustedIssuer t : trustedIssuers()) {
            JsonObjectBuilder tb = Json.createObjectBuilder().add("did", t.did());
            if (t.name() != null) {
                tb.add("name", t.name());
            }
            if (t.publicKeyJwk() != null) {
                tb.add("publicKeyJwk", t.publicKeyJwk());
            }
            issuers.add(tb);
        }
        b.add("identity", Json.createObjectBuilder().add("didMethod", identity.didMethod())
                .add("credentialTypes", Json.createArrayBuilder(credentialTypes())).add("trustedIssuers", issuers));
        JsonArrayBuilder steps = Json.createArrayBuilder();
        for (OnboardingStep s : steps()) {
            steps.add(Json.createObjectBuilder().add("type", s.type())
                    .add("parameters", s.parameters() == null ? JsonValue.EMPTY_JSON_OBJECT : s.parameters()));
        }
        b.add("onboarding", Json.createObjectBuilder().add("steps", steps).add("autoApprove", autoApprove()));
        b.add("credentialValidityDays", validityDays());
        return b.build();
    }

    /** Reads a profile this class wrote ({@link #toJson}); stored content is trusted to have that shape. */
    public static DataspaceProfile fromJson(JsonObject json) {
        List<UseCase> uses = json.getJsonArray("useCases").getValuesAs(JsonObject.class).stream()
                .map(u -> new UseCase(u.getString("id"), u.getString("title"), u.getString("description", null))).toList();
        JsonObject id = json.getJsonObject("identity");
        List<TrustedIssuer> issuers = id.getJsonArray("trustedIssuers").getValuesAs(JsonObject.class).stream()
                .map(t -> new TrustedIssuer(t.getString("did"), t.getString("name", null),
                        t.containsKey("publicKeyJwk") ? t.getJsonObject("publicKeyJwk") : null)).toList();
        List<String> types = id.getJsonArray("credentialTypes").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList();
        JsonObject on = json.getJsonObject("onboarding");
        List<OnboardingStep> steps = on.getJsonArray("steps").getValuesAs(JsonObject.class).stream()
                .map(s -> new OnboardingStep(s.getString("type"), s.getJsonObject("parameters"))).toList();
        return new DataspaceProfile(json.getString("description"), uses,
                new IdentityModel(id.getString("didMethod"), types, issuers),
                new OnboardingRules(steps, on.getBoolean("autoApprove")), json.getInt("credentialValidityDays"));
    }

    /** What the directory searches: name, description and use cases, lower-cased. */
    public String searchText(String displayName) {
        StringBuilder text = new StringBuilder(displayName).append(' ').append(description);
        for (UseCase u : useCases) {
            text.append(' ').append(u.id()).append(' ').append(u.title());
            if (u.description() != null) {
                text.append(' ').append(u.description());
            }
        }
        return text.toString().toLowerCase(java.util.Locale.ROOT);
    }

    /** The onboarding steps in plain language, as the directory shows them to a prospective participant. */
    public List<String> onboardingInPlainLanguage() {
        List<String> lines = new ArrayList<>();
        for (OnboardingStep s : steps()) {
            OnboardingStepType.fromId(s.type()).ifPresent(t -> lines.add(t.describe(s.parameters())));
        }
        if (autoApprove()) {
            lines.add("Requests whose checks all pass are approved automatically.");
        }
        return lines;
    }
}
