package com.kaphera.cloud.governance;

import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.FreeText;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The documented catalogue of onboarding steps (docs/governance.md): what each step's parameters
 * are, how they are validated when a profile is saved, whether a person decides it, and how it reads
 * in plain language. How a step is run against a request lives in membership.OnboardingChecks.
 */
public enum OnboardingStepType {
    /**
     * The applicant's legal-entity identifier has the dataspace's format ({@code format}: bpnl, lei or
     * regex with {@code pattern}) and, unless {@code unique} is false, no member has it already.
     */
    LEGAL_ENTITY_ID("legal-entity-id", false, true, Set.of("format", "pattern", "unique")),
    /** The applicant declares a document ({@code documentType}) with its SHA-256 digest. */
    ATTESTATION_DOCUMENT("attestation-document", false, false, Set.of("documentType", "description")),
    /**
     * The applicant presents a valid credential of {@code credentialType} from a trusted issuer
     * ({@code issuers}: a subset of the profile's trusted issuers; default: any of them).
     */
    CREDENTIAL_PRESENT("credential-present", false, false, Set.of("credentialType", "issuers")),
    /** One authority admin approves. */
    MANUAL_APPROVAL("manual-approval", true, true, Set.of("instructions")),
    /** Two different authority admins approve. */
    FOUR_EYES_APPROVAL("four-eyes-approval", true, true, Set.of("instructions"));

    public static final String BPNL = "^BPNL[0-9A-Z]{12}$";
    public static final String LEI = "^[0-9A-Z]{18}[0-9]{2}$";
    private static final Pattern DOCUMENT_TYPE = Pattern.compile("^[a-z][a-z0-9-]{0,62}$");

    private final String id;
    private final boolean needsPerson;
    private final boolean oncePerProfile;
    private final Set<String> parameters;

    OnboardingStepType(String id, boolean needsPerson, boolean oncePerProfile, Set<String> parameters) {
        this.id = id;
        this.needsPerson = needsPerson;
        this.oncePerProfile = oncePerProfile;
        this.parameters = parameters;
    }

    public String id() {
        return id;
    }

    /** Whether an authority admin decides this step (it queues for them) rather than the server. */
    public boolean needsPerson() {
        return needsPerson;
    }

    boolean oncePerProfile() {
        return oncePerProfile;
    }

    public static Optional<OnboardingStepType> fromId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(OnboardingStepType::id).toList();
    }

    /** The pattern a legal-entity id must match under this step's parameters. */
    public static String legalEntityPattern(JsonObject p) {
        return switch (p.getString("format", "bpnl")) {
            case "lei" -> LEI;
            case "regex" -> p.getString("pattern");
            default -> BPNL;
        };
    }

    void check(JsonObject p, String path, DataspaceProfile profile, List<FieldError> errors) {
        for (String name : p.keySet()) {
            if (!parameters.contains(name)) {
                errors.add(new FieldError(path + "." + name, "is not a parameter of '" + id + "'; known: "
                        + parameters.stream().sorted().toList()));
            }
        }
        switch (this) {
            case LEGAL_ENTITY_ID -> {
                String format = string(p, "format", path, errors);
                if (format != null && !List.of("bpnl", "lei", "regex").contains(format)) {
                    errors.add(new FieldError(path + ".format", "must be bpnl, lei or regex"));
                }
                String pattern = string(p, "pattern", path, errors);
                if ("regex".equals(format)) {
                    if (pattern == null || pattern.isEmpty() || pattern.length() > 200) {
                        errors.add(new FieldError(path + ".pattern", "is required with format 'regex' (at most 200 characters)"));
                    } else {
                        try {
                            Pattern.compile(pattern);
                        } catch (PatternSyntaxException e) {
                            errors.add(new FieldError(path + ".pattern", "is not a valid regular expression: "
                                    + e.getDescription()));
                        }
                    }
                } else if (pattern != null) {
                    errors.add(new FieldError(path + ".pattern", "is only used with format 'regex'"));
                }
                if (p.containsKey("unique") && p.get("unique").getValueType() != JsonValue.ValueType.TRUE) {
                    // The database keeps one member per legal entity in a dataspace, whatever a profile says.
                    errors.add(new FieldError(path + ".unique", "must be true (a legal entity is one member of a dataspace)"));
                }
            }
            case ATTESTATION_DOCUMENT -> {
                String type = string(p, "documentType", path, errors);
                if (type == null || !DOCUMENT_TYPE.matcher(type).matches()) {
                    errors.add(new FieldError(path + ".documentType",
                            "is required: 1-63 lower-case letters, digits or '-' (e.g. consortium-agreement)"));
                }
                text(p, "description", path, errors);
            }
            case CREDENTIAL_PRESENT -> {
                String type = string(p, "credentialType", path, errors);
                if (type == null || !type.matches("^[A-Z][A-Za-z0-9]{0,99}$")) {
                    errors.add(new FieldError(path + ".credentialType", "is required: a credential type such as BpnCredential"));
                }
                if (p.containsKey("issuers")) {
                    if (p.get("issuers").getValueType() != JsonValue.ValueType.ARRAY) {
                        errors.add(new FieldError(path + ".issuers", "must be an array of DIDs"));
                    } else if (p.getJsonArray("issuers").isEmpty()) {
                        errors.add(new FieldError(path + ".issuers", "name at least one issuer, or leave it out to accept any trusted issuer"));
                    } else {
                        var trusted = profile.trustedIssuers().stream().map(DataspaceProfile.TrustedIssuer::did).toList();
                        var issuers = p.getJsonArray("issuers");
                        for (int i = 0; i < issuers.size(); i++) {
                            JsonValue v = issuers.get(i);
                            String did = v instanceof JsonString s ? s.getString() : null;
                            if (!DataspaceProfile.isDid(did)) {
                                errors.add(new FieldError(path + ".issuers[" + i + "]", "is not a DID"));
                            } else if (!trusted.contains(did)) {
                                errors.add(new FieldError(path + ".issuers[" + i + "]",
                                        "is not one of identity.trustedIssuers"));
                            }
                        }
                    }
                } else if (profile.trustedIssuers().isEmpty()) {
                    errors.add(new FieldError(path + ".issuers", "the profile trusts no other issuer: add one to "
                            + "identity.trustedIssuers (the dataspace's own credentials are issued after onboarding)"));
                }
            }
            case MANUAL_APPROVAL, FOUR_EYES_APPROVAL -> text(p, "instructions", path, errors);
        }
    }

    /** The step as a prospective participant reads it. */
    public String describe(JsonObject p) {
        JsonObject params = p == null ? JsonValue.EMPTY_JSON_OBJECT : p;
        return switch (this) {
            case LEGAL_ENTITY_ID -> "Your legal-entity identifier ("
                    + switch (params.getString("format", "bpnl")) {
                        case "lei" -> "an LEI";
                        case "regex" -> "matching " + params.getString("pattern", "");
                        default -> "a Catena-X BPNL, e.g. BPNL00000003AYRE";
                    }
                    + (params.getBoolean("unique", true) ? "), not already used by a member" : ")");
            case ATTESTATION_DOCUMENT -> "A document of type '" + params.getString("documentType", "") + "'"
                    + (params.containsKey("description") ? " (" + params.getString("description") + ")" : "")
                    + ", declared with its SHA-256 digest";
            case CREDENTIAL_PRESENT -> "A valid " + params.getString("credentialType", "") + " from a trusted issuer";
            case MANUAL_APPROVAL -> "Approval by the governance authority"
                    + (params.containsKey("instructions") ? ": " + params.getString("instructions") : "");
            case FOUR_EYES_APPROVAL -> "Approval by two different people of the governance authority"
                    + (params.containsKey("instructions") ? ": " + params.getString("instructions") : "");
        };
    }

    private static String string(JsonObject p, String name, String path, List<FieldError> errors) {
        if (!p.containsKey(name)) {
            return null;
        }
        if (!(p.get(name) instanceof JsonString s)) {
            errors.add(new FieldError(path + "." + name, "must be a string"));
            return null;
        }
        FreeText.check(path + "." + name, s.getString(), errors);
        return s.getString();
    }

    private static void text(JsonObject p, String name, String path, List<FieldError> errors) {
        String value = string(p, name, path, errors);
        if (value != null && value.length() > 1000) {
            errors.add(new FieldError(path + "." + name, "must be at most 1000 characters"));
        }
    }
}
