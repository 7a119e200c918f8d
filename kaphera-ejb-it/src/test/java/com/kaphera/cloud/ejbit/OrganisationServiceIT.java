package com.kaphera.cloud.ejbit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.common.ConflictException;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.common.PreconditionFailedException;
import com.kaphera.cloud.ejbit.harness.Deployments;
import com.kaphera.cloud.ejbit.support.Callers;
import com.kaphera.cloud.ejbit.support.Container;
import com.kaphera.cloud.ejbit.support.Fixtures;
import com.kaphera.cloud.ejbit.support.ServiceCalls;
import com.kaphera.cloud.organisation.Organisation;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.OrgRole;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** OrganisationService in the container: JTA, Hibernate and PostgreSQL for real, no HTTP in front. */
@ExtendWith(ArquillianExtension.class)
public class OrganisationServiceIT {

    @Deployment
    public static EnterpriseArchive deployment() {
        return Deployments.services(OrganisationServiceIT.class);
    }

    @Inject
    ServiceCalls calls;

    private final Caller admin = Callers.platformAdmin();

    @Test
    public void registeredOrganisationIsFoundBySlugWithItsNamespace() {
        String slug = Fixtures.slug("oem-frankfurt");
        calls.register(admin, Fixtures.oem(slug));

        Organisation found = calls.find(admin, slug);

        assertEquals(List.of(slug, "Frankfurter Fahrzeugwerke AG (on-premise)", "DE-HRB-104711", "kaphera-" + slug),
                List.of(found.slug(), found.displayName(), found.legalEntityId(), found.namespace()));
    }

    @Test
    public void rejectsRegistrationWithATakenSlug() {
        String slug = Fixtures.slug("oem-frankfurt");
        calls.register(admin, Fixtures.oem(slug));

        assertThrows(ConflictException.class, () -> calls.register(admin, Fixtures.sme(slug)));
    }

    @Test
    public void rejectsRegistrationWithTheSlugOfADeletedOrganisation() {
        String slug = Fixtures.slug("sme-freiburg");
        Organisation org = calls.register(admin, Fixtures.sme(slug));
        calls.delete(admin, slug, org.version());

        assertThrows(ConflictException.class, () -> calls.register(admin, Fixtures.sme(slug)));
    }

    @Test
    public void rejectsDescribeWithAStaleExpectedVersion() {
        String slug = Fixtures.slug("tier1-koeln");
        Organisation registered = calls.register(admin, Fixtures.tier1(slug, "DE-HRB-2201", null));
        calls.describe(admin, slug, registered.version(), ServiceCalls.rename("Rheinland Komponenten GmbH"));

        assertThrows(PreconditionFailedException.class, () -> calls.describe(admin, slug, registered.version(),
                ServiceCalls.rename("Rheinland Komponenten SE")));
    }

    /**
     * Two transactions describe the same version: the first holds the row until it commits, the
     * second's update then finds the version moved on. The second must fail with a conflict and the
     * first one's change must survive (no lost update).
     */
    @Test
    public void concurrentDescribeOfOneVersionLetsTheFirstCommitWinAndTheOtherConflict() throws Exception {
        String slug = Fixtures.slug("logistics-duisburg");
        long version = calls.register(admin, Fixtures.sme(slug)).version();

        UserTransaction first = Container.userTransaction();
        Future<Organisation> second;
        first.begin();
        try {
            calls.describe(admin, slug, version, ServiceCalls.legalEntity("DE-HRB-30917"));
            second = Container.executor().submit(() ->
                    calls.describe(admin, slug, version, ServiceCalls.rename("Duisburg Logistik Süd")));
            Container.awaitLockWait(Duration.ofSeconds(30));
            first.commit();
        } finally {
            if (first.getStatus() != Status.STATUS_NO_TRANSACTION) {
                first.rollback();
            }
        }

        ExecutionException lost = assertThrows(ExecutionException.class, () -> second.get(30, TimeUnit.SECONDS));
        assertInstanceOf(ConflictException.class, lost.getCause());
        Organisation after = calls.find(admin, slug);
        assertEquals(List.of("DE-HRB-30917", "Schwarzwald Präzisionsteile GmbH", version + 1),
                List.of(after.legalEntityId(), after.displayName(), after.version()));
    }

    @Test
    public void deleteIsSoftTheOrganisationIsGoneButItsRowStays() throws Exception {
        String slug = Fixtures.slug("sme-ulm");
        Organisation org = calls.register(admin, Fixtures.sme(slug));

        calls.delete(admin, slug, org.version());

        assertThrows(NotFoundException.class, () -> calls.find(admin, slug));
        assertTrue(Container.deletedAt(slug).isPresent(), "the row stays, marked deleted");
    }

    @Test
    public void listPagesThroughTheCallersOrganisationsWithContinueTokens() {
        List<String> slugs = Stream.of("sme-a", "sme-b", "sme-c", "sme-d", "sme-e")
                .map(Fixtures::slug).peek(s -> calls.register(admin, Fixtures.sme(s))).sorted().toList();
        Map<String, OrgRole> roles = new java.util.HashMap<>();
        slugs.forEach(s -> roles.put(s, OrgRole.VIEWER));
        Caller viewer = Callers.member("mia.viewer", roles);

        List<List<String>> pages = new ArrayList<>();
        String token = null;
        do {
            Page<Organisation> page = calls.list(viewer, 2, token);
            pages.add(page.items().stream().map(Organisation::slug).toList());
            token = page.next();
        } while (token != null && pages.size() < 10);

        assertEquals(List.of(slugs.subList(0, 2), slugs.subList(2, 4), slugs.subList(4, 5)), pages);
    }

    @Test
    public void listShowsANonPlatformCallerOnlyTheLiveOrganisationsItBelongsTo() {
        String oem = Fixtures.slug("oem-wolfsburg");
        String tier1 = Fixtures.slug("tier1-bonn");
        String deleted = Fixtures.slug("sme-gone");
        String other = Fixtures.slug("sme-other");
        calls.register(admin, Fixtures.oem(oem));
        calls.register(admin, Fixtures.tier1(tier1, "DE-HRB-7781", null));
        calls.delete(admin, deleted, calls.register(admin, Fixtures.sme(deleted)).version());
        calls.register(admin, Fixtures.sme(other));
        Caller member = Callers.member("jonas.tier1-admin",
                Map.of(oem, OrgRole.VIEWER, tier1, OrgRole.ADMIN, deleted, OrgRole.ADMIN));

        Page<Organisation> page = calls.list(member, 50, null);

        assertEquals(Stream.of(oem, tier1).sorted().toList(),
                page.items().stream().map(Organisation::slug).toList());
    }

    @Test
    public void listGivesACallerWithoutMembershipsNothing() {
        calls.register(admin, Fixtures.sme(Fixtures.slug("sme-hidden")));

        Page<Organisation> page = calls.list(Callers.member("nobody", Map.of()), 50, null);

        assertTrue(page.items().isEmpty() && page.next() == null, "no organisation, no continue token");
    }

    /**
     * A failed registration (application exception, rollback = true) dooms the caller's transaction:
     * what the caller did before in the same transaction is undone with it.
     */
    @Test
    public void failedRegistrationRollsBackTheCallersWholeTransaction() throws Exception {
        String taken = Fixtures.slug("oem-taken");
        calls.register(admin, Fixtures.oem(taken));
        String account = Fixtures.slug("rheinland-holding");

        UserTransaction tx = Container.userTransaction();
        tx.begin();
        try {
            calls.open(admin, account, "Rheinland Holding AG", "billing@rheinland-holding.example");
            assertThrows(ConflictException.class, () -> calls.register(admin, Fixtures.oem(taken)));
        } finally {
            tx.rollback();
        }

        assertThrows(NotFoundException.class, () -> calls.describeAccount(admin, account));
    }

    @Test
    public void registrationNamingAnUnknownCustomerAccountWritesNothing() {
        String slug = Fixtures.slug("tier1-aachen");

        assertThrows(InvalidInputException.class, () -> calls.register(admin,
                Fixtures.tier1(slug, "DE-HRB-5150", Fixtures.slug("no-such-account"))));

        assertThrows(NotFoundException.class, () -> calls.find(admin, slug));
    }
}
