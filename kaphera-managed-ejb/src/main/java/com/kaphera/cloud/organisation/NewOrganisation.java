package com.kaphera.cloud.organisation;

/** What a platform admin supplies to register an organisation. */
public record NewOrganisation(String slug, String displayName, String legalEntityId) {
}
