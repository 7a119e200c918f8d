package com.kaphera.cloud.ejbit.support;

import com.kaphera.cloud.audit.AuditEvent;
import com.kaphera.cloud.audit.AuditLog;
import com.kaphera.cloud.audit.AuditQuery;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.audit.chain.AuditRecord;
import com.kaphera.cloud.audit.chain.ChainVerifier;
import java.util.List;
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

    @EJB
    AuditTrail audit;

    @EJB
    AuditLog auditLog;

    @EJB
    com.kaphera.cloud.governance.DataspaceService dataspaces;

    @EJB
    com.kaphera.cloud.governance.membership.MembershipService memberships;

    @EJB
    com.kaphera.cloud.billing.plans.Subscriptions subscriptions;

    /** The invoice run's read: no caller, it is a system task's. */
    public List<com.kaphera.cloud.billing.plans.SubscriptionTerms> subscriptionsRunningIn(java.time.YearMonth period) {
        return subscriptions.runningIn(period);
    }

    public java.util.Optional<com.kaphera.cloud.billing.plans.SubscriptionTerms> subscriptionCovering(String organisation,
            java.time.LocalDate day) {
        return subscriptions.covering(organisation, day);
    }

    /** A dataspace with {@code profile} drafted and published by {@code authority}. */
    public com.kaphera.cloud.governance.Dataspace publishedDataspace(Caller platform, Caller authority, String slug,
            String authorityOrganisation, com.kaphera.cloud.governance.DataspaceProfile profile) {
        com.kaphera.cloud.governance.Dataspace d = dataspaces.create(platform, slug, "Rhine-Main Automotive Dataspace",
                authorityOrganisation);
        dataspaces.saveDraft(authority, slug, profile, null);
        dataspaces.publish(authority, slug, null);
        return d;
    }

    public com.kaphera.cloud.governance.membership.MembershipRequest apply(Caller caller, String org, String dataspace,
            com.kaphera.cloud.governance.membership.MembershipInputs inputs) {
        return memberships.apply(caller, org, dataspace, inputs);
    }

    public com.kaphera.cloud.governance.membership.MembershipRequest approve(Caller caller, String dataspace, String id) {
        return memberships.approve(caller, dataspace, id, null, null);
    }

    public com.kaphera.cloud.governance.membership.MembershipRequest rerun(Caller caller, String dataspace, String id, int step) {
        return memberships.rerunAsAuthority(caller, dataspace, id, step);
    }

    public com.kaphera.cloud.governance.membership.MembershipRequest request(Caller caller, String dataspace, String id) {
        return memberships.getForDataspace(caller, dataspace, id);
    }

    public List<com.kaphera.cloud.governance.membership.Member> members(Caller caller, String dataspace) {
        return memberships.members(caller, dataspace);
    }

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

    public AuditRecord record(Caller caller, String organisation, AuditEvent event) {
        return audit.record(caller, organisation, event);
    }

    public ChainVerifier.Verification verifyAudit(Caller caller, String organisation) {
        return auditLog.verify(caller, organisation, null, null);
    }

    /** Newest first, at most 200. */
    public List<AuditRecord> auditEntries(Caller caller, String organisation, String operation) {
        return auditLog.list(caller, organisation, new AuditQuery(null, null, null, operation, null, null), 200, null)
                .items();
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
