package com.kaphera.cloud.organisation;

/** An organisation was deleted (fired inside the deleting transaction). */
public record OrganisationDeleted(String slug) {
}
