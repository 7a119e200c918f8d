package com.kaphera.cloud.ejbit.support;

import com.kaphera.cloud.account.CustomerAccount;
import com.kaphera.cloud.account.CustomerAccountService;
import com.kaphera.cloud.account.CustomerAccountService.AccountWithOrganisations;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.organisation.NewOrganisation;
import com.kaphera.cloud.organisation.Organisation;
import com.kaphera.cloud.organisation.OrganisationChanges;
import com.kaphera.cloud.organisation.OrganisationService;
import com.kaphera.cloud.tenancy.Caller;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every call the tests make into the services, in one place and always with a {@link Caller}, which
 * the services check against the permission table themselves.
 */
@ApplicationScoped
public class ServiceCalls {
    @EJB
    OrganisationService organisations;

    @EJB
    CustomerAccountService accounts;

    public Organisation register(Caller caller, NewOrganisation request) {
        return organisations.register(caller, request);
    }

    public Organisation find(Caller caller, String slug) {
        return organisations.find(caller, slug);
    }

    public Organisation describe(Caller caller, String slug, Long expectedVersion, OrganisationChanges changes) {
        return organisations.describe(caller, slug, expectedVersion, changes);
    }

    public void delete(Caller caller, String slug, Long expectedVersion) {
        organisations.delete(caller, slug, expectedVersion);
    }

    public Page<Organisation> list(Caller caller, int limit, String continueToken) {
        return organisations.list(caller, limit, continueToken);
    }

    public CustomerAccount open(Caller caller, String slug, String displayName, String billingEmail) {
        return accounts.open(caller, slug, displayName, billingEmail);
    }

    public AccountWithOrganisations describeAccount(Caller caller, String slug) {
        return accounts.describe(caller, slug);
    }

    public Page<AccountWithOrganisations> listAccounts(Caller caller, int limit, String continueToken) {
        return accounts.list(caller, limit, continueToken);
    }

    /** A change of the display name only. */
    public static OrganisationChanges rename(String displayName) {
        return new OrganisationChanges(displayName, null, false, null, false);
    }

    /** A change of the legal entity id only. */
    public static OrganisationChanges legalEntity(String legalEntityId) {
        return new OrganisationChanges(null, legalEntityId, false, null, false);
    }
}
