package com.kaphera.cloud.ejbit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.audit.AuditEvent;
import com.kaphera.cloud.audit.chain.AuditRecord;
import com.kaphera.cloud.audit.chain.ChainVerifier;
import com.kaphera.cloud.ejbit.harness.Deployments;
import com.kaphera.cloud.ejbit.support.Callers;
import com.kaphera.cloud.ejbit.support.Container;
import com.kaphera.cloud.ejbit.support.Fixtures;
import com.kaphera.cloud.ejbit.support.ServiceCalls;
import com.kaphera.cloud.tenancy.Caller;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * AuditTrail in the container, without HTTP: an entry lives and dies with the transaction of its
 * change, concurrent writers of one organisation leave one gap-free chain, and the server's own work
 * (no request, a system principal) is recorded as such.
 */
@ExtendWith(ArquillianExtension.class)
public class AuditTrailIT {

    @Deployment
    public static EnterpriseArchive deployment() {
        return Deployments.services(AuditTrailIT.class);
    }

    @Inject
    ServiceCalls calls;

    private final Caller admin = Callers.platformAdmin();

    @Test
    public void anEntryIsRolledBackWithItsChange() throws Exception {
        String slug = Fixtures.slug("sme-freiburg");
        long version = calls.register(admin, Fixtures.sme(slug)).version();
        UserTransaction tx = Container.userTransaction();
        tx.begin();
        try {
            calls.describe(admin, slug, version, ServiceCalls.rename("Freiburg Feinguss GmbH"));
        } finally {
            tx.rollback();
        }
        assertEquals(List.of(), calls.auditEntries(admin, slug, "organisation.update"));
        assertEquals(1, calls.auditEntries(admin, slug, "organisation.register").size());
    }

    @Test
    public void concurrentWritersOfOneOrganisationLeaveOneGapFreeChain() throws Exception {
        String slug = Fixtures.slug("tier1-stuttgart");
        calls.register(admin, Fixtures.sme(slug));
        Caller timer = Caller.system("bench-writer");
        List<Future<AuditRecord>> writes = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            int n = i;
            writes.add(Container.executor().submit(() -> calls.record(timer, slug, AuditEvent.success("test.write",
                    "organisation", slug, 200, null, "wrote entry " + n))));
        }
        for (Future<AuditRecord> w : writes) {
            w.get(60, TimeUnit.SECONDS);
        }
        ChainVerifier.Verification verdict = calls.verifyAudit(admin, slug);
        assertTrue(verdict.valid(), verdict.toJson().toString());
        assertEquals(25, verdict.entries(), "the registration and 24 writes, sequence 1 to 25 without a gap");
    }

    @Test
    public void theServersOwnWorkIsRecordedAsASystemPrincipal() {
        String slug = Fixtures.slug("logistics-kehl");
        calls.register(admin, Fixtures.sme(slug));
        AuditRecord entry = calls.record(Caller.system("billing-run"), slug, AuditEvent.success("billing.run",
                "invoice", "2026-11", 201, null, "issued the November invoice"));
        assertTrue(entry.actor().system());
        assertEquals("system:billing-run", entry.actor().subject());
        assertEquals("The platform (billing-run) issued the November invoice", entry.summary());
        assertEquals(null, entry.requestId(), "no request behind a timer's work");
    }
}
