package com.kaphera.cloud.tenancy;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.kaphera.cloud.account.CustomerAccountService;
import com.kaphera.cloud.common.AccessDeniedException;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.crd.CustomResourceService;
import com.kaphera.cloud.crd.ResourceQuery;
import com.kaphera.cloud.fleet.FleetService;
import com.kaphera.cloud.organisation.NewOrganisation;
import com.kaphera.cloud.organisation.OrganisationChanges;
import com.kaphera.cloud.organisation.OrganisationService;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The services refuse a caller before they touch the database or Kubernetes, without any HTTP edge in
 * front of them (as a timer or workflow would call them). They are built bare here: every dependency
 * is null, so reaching one would fail with a NullPointerException instead of the refusal. The
 * in-container tests and the isolation matrix cover the same rules with everything wired.
 */
class ServicesCheckTheCallerTest {
    private static final Caller SME_ADMIN = Caller.of("petra", Set.of(), Map.of("sme-castings", OrgRole.ADMIN));
    private static final Caller SME_VIEWER = Caller.of("vera", Set.of(), Map.of("sme-castings", OrgRole.VIEWER));
    private static final Caller SUPPORT = Caller.of("sven", Set.of(PlatformRole.SUPPORT), Map.of());

    private final OrganisationService organisations = new OrganisationService();
    private final CustomerAccountService accounts = new CustomerAccountService();
    private final CustomResourceService resources = new CustomResourceService();

    @Test
    void organisationsAreRegisteredAndDeletedByPlatformAdminsOnly() {
        NewOrganisation request = new NewOrganisation("sme-two", "SME Two", null, null);
        assertThrows(AccessDeniedException.class, () -> organisations.register(SME_ADMIN, request));
        assertThrows(AccessDeniedException.class, () -> organisations.register(SUPPORT, request));
        assertThrows(AccessDeniedException.class, () -> organisations.delete(SME_ADMIN, "sme-castings", null));
    }

    @Test
    void anotherOrganisationIsNotFoundAndALesserRoleIsRefused() {
        assertThrows(NotFoundException.class, () -> organisations.find(SME_ADMIN, "oem-frankfurt"));
        OrganisationChanges rename = new OrganisationChanges("Castings", null, false, null, false);
        assertThrows(AccessDeniedException.class, () -> organisations.describe(SME_VIEWER, "sme-castings", null, rename));
        assertThrows(AccessDeniedException.class, () -> organisations.describe(SUPPORT, "sme-castings", null, rename));
    }

    @Test
    void onlyPlatformAdminsMoveAnOrganisationBetweenCustomerAccounts() {
        OrganisationChanges move = new OrganisationChanges(null, null, false, "tier1-group", false);
        assertThrows(AccessDeniedException.class, () -> organisations.describe(SME_ADMIN, "sme-castings", null, move));
        NewOrganisation withAccount = new NewOrganisation("sme-three", "SME Three", null, "tier1-group");
        assertThrows(AccessDeniedException.class, () -> organisations.register(SME_ADMIN, withAccount));
    }

    @Test
    void customerAccountsAndTheFleetArePlatformData() {
        assertThrows(AccessDeniedException.class, () -> accounts.open(SUPPORT, "tier1-group", "Tier 1", "billing@example.com"));
        assertThrows(AccessDeniedException.class, () -> accounts.list(SME_ADMIN, 10, null));
        assertThrows(AccessDeniedException.class, () -> accounts.describe(SME_ADMIN, "tier1-group"));
        assertThrows(AccessDeniedException.class, () -> new FleetService().summary(SME_ADMIN));
    }

    @Test
    void customResourcesNeedTheRowForEachOperation() {
        assertThrows(NotFoundException.class, () -> resources.get(SME_ADMIN, "oem-frankfurt", "controlplanes", "cp"));
        assertThrows(NotFoundException.class, () -> resources.watchScope(SME_ADMIN, "oem-frankfurt", "controlplanes"));
        assertThrows(NotFoundException.class,
                () -> resources.list(SME_ADMIN, "oem-frankfurt", "controlplanes", new ResourceQuery(null, null, 10, null)));
        assertThrows(AccessDeniedException.class,
                () -> resources.create(SME_VIEWER, "sme-castings", "controlplanes", JsonValue.EMPTY_JSON_OBJECT));
        assertThrows(AccessDeniedException.class,
                () -> resources.patch(SUPPORT, "sme-castings", "controlplanes", "cp", JsonValue.EMPTY_JSON_OBJECT, null));
        assertThrows(AccessDeniedException.class,
                () -> resources.delete(SME_VIEWER, "sme-castings", "controlplanes", "cp", null, null));
    }
}
