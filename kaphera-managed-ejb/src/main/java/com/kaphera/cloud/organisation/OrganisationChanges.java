package com.kaphera.cloud.organisation;

/**
 * A partial update of an organisation's display data (JSON merge patch semantics): a null field is
 * left unchanged; {@code clearLegalEntityId} removes the legal entity id.
 */
public record OrganisationChanges(String displayName, String legalEntityId, boolean clearLegalEntityId) {
}
