package com.kaphera.cloud.organisation;

/**
 * What a platform admin supplies to register an organisation; {@code customerAccount} (a slug) is
 * optional.
 */
public record NewOrganisation(String slug, String displayName, String legalEntityId, String customerAccount) {
}
