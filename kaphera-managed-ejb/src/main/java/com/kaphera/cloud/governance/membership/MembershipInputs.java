package com.kaphera.cloud.governance.membership;

import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.FreeText;
import com.kaphera.cloud.governance.DataspaceProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * What an applicant brings to a request: its legal-entity identifier, the DID its wallet holds
 * credentials under, declared attestation documents and presented credentials (VC-JWTs).
 */
public record MembershipInputs(String legalEntityId, String holderDid, List<Attestation> attestations,
        List<String> credentials) {

    public MembershipInputs {
        attestations = attestations == null ? List.of() : List.copyOf(attestations);
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
    }

    /** A document the applicant declares (the document itself stays with them; its digest is the evidence). */
    public record Attestation(String documentType, String name, String sha256, String url) {
    }

    public List<FieldError> problems() {
        List<FieldError> errors = new ArrayList<>();
        if (legalEntityId != null) {
            if (legalEntityId.isBlank() || legalEntityId.length() > 64) {
                errors.add(new FieldError("legalEntityId", "must be 1-64 characters"));
            }
            FreeText.check("legalEntityId", legalEntityId, errors);
        }
        if (holderDid != null && !com.kaphera.cloud.governance.credentials.dcp.DidWeb.isValid(holderDid)) {
            errors.add(new FieldError("holderDid", "must be a did:web DID, e.g. did:web:wallet.example.com:bpnl00000003ayre"));
        }
        if (attestations.size() > 20) {
            errors.add(new FieldError("attestations", "at most 20"));
        }
        for (int i = 0; i < attestations.size(); i++) {
            Attestation a = attestations.get(i);
            String path = "attestations[" + i + "]";
            if (a.documentType() == null || !a.documentType().matches("^[a-z][a-z0-9-]{0,62}$")) {
                errors.add(new FieldError(path + ".documentType", "is required: the profile's document type, e.g. consortium-agreement"));
            }
            if (a.name() == null || a.name().isBlank() || a.name().length() > 200) {
                errors.add(new FieldError(path + ".name", "is required, at most 200 characters"));
            } else {
                FreeText.check(path + ".name", a.name(), errors);
            }
            if (a.sha256() == null || !a.sha256().matches("^[0-9a-f]{64}$")) {
                errors.add(new FieldError(path + ".sha256", "must be the document's SHA-256, 64 lower-case hex digits"));
            }
            if (a.url() != null && (a.url().length() > 1000 || !a.url().matches("^https?://[^\\s]+$"))) {
                errors.add(new FieldError(path + ".url", "must be an http(s) URL of at most 1000 characters"));
            }
        }
        if (credentials.size() > 10) {
            errors.add(new FieldError("credentials", "at most 10"));
        }
        for (int i = 0; i < credentials.size(); i++) {
            String c = credentials.get(i);
            if (c == null || c.length() > 20_000 || !c.matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$")) {
                errors.add(new FieldError("credentials[" + i + "]", "must be a VC-JWT (compact JWS, at most 20,000 characters)"));
            }
        }
        return errors;
    }
}
