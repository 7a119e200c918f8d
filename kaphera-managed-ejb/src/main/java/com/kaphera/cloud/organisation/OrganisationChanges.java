package com.kaphera.cloud.organisation;

/**
 * A partial update of an organisation (JSON merge patch semantics): a null field is left unchanged;
 * {@code clearLegalEntityId} removes the legal entity id; {@code customerAccount} moves it to another
 * account and {@code clearCustomerAccount} to none (both for platform admins only, checked at the edge).
 */
public record OrganisationChanges(String displayName, String legalEntityId, boolean clearLegalEntityId,
        String customerAccount, boolean clearCustomerAccount) {

    public boolean touchesCustomerAccount() {
        return customerAccount != null || clearCustomerAccount;
    }
}
