package com.kaphera.cloud.ejbit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.kaphera.cloud.account.CustomerAccountService.AccountWithOrganisations;
import com.kaphera.cloud.common.ConflictException;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.ejbit.harness.Deployments;
import com.kaphera.cloud.ejbit.support.Callers;
import com.kaphera.cloud.ejbit.support.Fixtures;
import com.kaphera.cloud.ejbit.support.ServiceCalls;
import com.kaphera.cloud.tenancy.Caller;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** CustomerAccountService in the container, with the organisations that belong to each account. */
@ExtendWith(ArquillianExtension.class)
public class CustomerAccountServiceIT {

    @Deployment
    public static EnterpriseArchive deployment() {
        return Deployments.services(CustomerAccountServiceIT.class);
    }

    @Inject
    ServiceCalls calls;

    private final Caller admin = Callers.platformAdmin();

    @Test
    public void openedAccountIsDescribedWithItsDataAndNoOrganisations() {
        String slug = Fixtures.slug("rheinland-holding");
        calls.open(admin, slug, "Rheinland Holding AG", "billing@rheinland-holding.example");

        AccountWithOrganisations described = calls.describeAccount(admin, slug);

        assertEquals(List.of(slug, "Rheinland Holding AG", "billing@rheinland-holding.example", List.of()),
                List.of(described.account().slug(), described.account().displayName(),
                        described.account().billingEmail(), described.organisations()));
    }

    @Test
    public void rejectsOpeningAnAccountWithATakenSlug() {
        String slug = Fixtures.slug("ruhr-logistik");
        calls.open(admin, slug, "Ruhr Logistik GmbH", "rechnung@ruhr-logistik.example");

        assertThrows(ConflictException.class,
                () -> calls.open(admin, slug, "Ruhr Logistik KG", "billing@ruhr-logistik.example"));
    }

    /**
     * Pages of two through every account: ours come in slug order, each exactly once, each with its
     * live organisations (a deleted one left out).
     */
    @Test
    public void listPagesThroughAccountsInSlugOrderEachWithItsLiveOrganisations() {
        String holding = Fixtures.slug("rheinland-holding");
        String logistics = Fixtures.slug("ruhr-logistik");
        String empty = Fixtures.slug("neukunde");
        calls.open(admin, holding, "Rheinland Holding AG", "billing@rheinland-holding.example");
        calls.open(admin, logistics, "Ruhr Logistik GmbH", "rechnung@ruhr-logistik.example");
        calls.open(admin, empty, "Neukunde GmbH", "billing@neukunde.example");
        String koeln = Fixtures.slug("tier1-koeln");
        String bonn = Fixtures.slug("tier1-bonn");
        String duisburg = Fixtures.slug("logistics-duisburg");
        String closed = Fixtures.slug("logistics-closed");
        calls.register(admin, Fixtures.tier1(koeln, "DE-HRB-2201", holding));
        calls.register(admin, Fixtures.tier1(bonn, "DE-HRB-7781", holding));
        calls.register(admin, Fixtures.tier1(duisburg, "DE-HRB-30917", logistics));
        calls.delete(admin, closed, calls.register(admin, Fixtures.tier1(closed, "DE-HRB-1", logistics)).version());
        Set<String> ours = Set.of(holding, logistics, empty);

        Map<String, List<String>> seen = new LinkedHashMap<>();
        String token = null;
        int pages = 0;
        do {
            Page<AccountWithOrganisations> page = calls.listAccounts(admin, 2, token);
            for (AccountWithOrganisations a : page.items()) {
                if (ours.contains(a.account().slug()) && seen.put(a.account().slug(), a.organisations()) != null) {
                    throw new AssertionError("account listed twice: " + a.account().slug());
                }
            }
            token = page.next();
        } while (token != null && ++pages < 1000);

        Map<String, List<String>> expected = new LinkedHashMap<>();
        ours.stream().sorted().forEach(slug -> expected.put(slug, slug.equals(holding)
                ? List.of(bonn, koeln).stream().sorted().toList()
                : slug.equals(logistics) ? List.of(duisburg) : List.of()));
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(seen.entrySet()));
    }
}
