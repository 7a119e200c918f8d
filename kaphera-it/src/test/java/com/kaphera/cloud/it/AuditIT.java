package com.kaphera.cloud.it;

import static com.kaphera.cloud.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.kaphera.cloud.it.support.Config;
import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.LibertyServer;
import com.kaphera.cloud.it.support.Postgres;
import com.kaphera.cloud.it.support.Stack;
import com.kaphera.cloud.it.support.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit log through the real server and database: an entry for every write (driven by /openapi),
 * in the same transaction as the change, append-only for the server's role, tamper-evident to verify
 * and to the offline command, one gap-free chain across two server instances, no secrets.
 */
class AuditIT {
    private static final String CP = "controlplanes.edc.kaphera.io";
    private static final Set<String> WRITES = Set.of("post", "put", "patch", "delete");
    /** POSTs that change nothing (@ChangesNothing): not audited, listed here so that each is a decision. */
    private static final Set<String> NOT_WRITES = Set.of("POST /api/v1/credentials/verify");

    private static Stack stack;
    private static Tokens tokens;
    private static Http anonymous;
    private static Http admin;
    private static Http support;
    private static String org;
    private static Http orgAdmin;
    private static Http operator;
    private static Http viewer;

    @BeforeAll
    static void organisation() {
        stack = Stack.get();
        tokens = stack.tokens();
        anonymous = new Http(stack.managed().baseUri());
        admin = anonymous.as(tokens.platformAdmin());
        support = anonymous.as(tokens.forGroups("sam.support", "/platform/support"));
        org = Fixtures.slug("sme-novak");
        Fixtures.register(org, "Novak Castings");
        orgAdmin = anonymous.as(tokens.forGroups("petra", "/orgs/" + org + "/admin"));
        operator = anonymous.as(tokens.forGroups("jonas", "/orgs/" + org + "/operator"));
        viewer = anonymous.as(tokens.forGroups("vera", "/orgs/" + org + "/viewer"));
    }

    /** One successful call of a documented write: returns the chain its entry belongs in. */
    private record Scenario(String operation, java.util.function.Supplier<String> run) {
    }

    @Test
    void everyDocumentedWriteIsAuditedOnSuccess() {
        // In this order: the resource is created before it is replaced, patched and deleted.
        Map<String, Scenario> scenarios = new java.util.LinkedHashMap<>();
        scenarios.put("POST /api/v1/organisations", new Scenario("organisation.register", () -> {
            String slug = Fixtures.slug("sme-extra");
            Fixtures.register(slug, "SME Extra");
            return slug;
        }));
        scenarios.put("PATCH /api/v1/organisations/{org}", new Scenario("organisation.update", () -> {
            ok(orgAdmin.patch("/api/v1/organisations/" + org, "{\"displayName\":\"Novak Castings s.r.o.\"}"));
            return org;
        }));
        scenarios.put("DELETE /api/v1/organisations/{org}", new Scenario("organisation.delete", AuditIT::registerAndDelete));
        scenarios.put("POST /api/v1/customer-accounts", new Scenario("customer-account.open", () -> {
            ok(admin.post("/api/v1/customer-accounts", "{\"slug\":\"" + Fixtures.slug("novak-group")
                    + "\",\"displayName\":\"Novak Group\"}"));
            return "_platform";
        }));
        scenarios.put("POST /api/v1/usage-events", new Scenario("usage-event.report", () -> {
            ok(operator.post("/api/v1/usage-events", "{\"events\":[{\"id\":\"audit-" + UUID.randomUUID() + "\",\"organisation\":\""
                    + org + "\",\"metric\":\"contract-negotiations\",\"quantity\":1,\"occurredAt\":\""
                    + java.time.Instant.now() + "\"}]}"));
            return org;
        }));
        scenarios.put("POST /api/v1/organisations/{org}/resources/{type}", new Scenario("resource.create", () -> {
            ok(operator.post(CustomResourcesIT.path(org, CP), CustomResourcesIT.controlPlane("edc-audit", 1)));
            return org;
        }));
        scenarios.put("PUT /api/v1/organisations/{org}/resources/{type}/{name}", new Scenario("resource.replace", () -> {
            replace("edc-audit", 3);
            return org;
        }));
        scenarios.put("PATCH /api/v1/organisations/{org}/resources/{type}/{name}", new Scenario("resource.patch", () -> {
            ok(operator.patch(CustomResourcesIT.path(org, CP) + "/edc-audit", "{\"spec\":{\"replicas\":2}}"));
            return org;
        }));
        scenarios.put("DELETE /api/v1/organisations/{org}/resources/{type}/{name}", new Scenario("resource.delete", () -> {
            ok(operator.delete(CustomResourcesIT.path(org, CP) + "/edc-audit"));
            return org;
        }));
        scenarios.put("POST /api/v1/organisations/{org}/audit/checkpoints", new Scenario("audit.checkpoint", () -> {
            ok(orgAdmin.post("/api/v1/organisations/" + org + "/audit/checkpoints", ""));
            return org;
        }));
        scenarios.put("POST /api/v1/organisations/{org}/audit/retention", new Scenario("audit.retention", () -> {
            String slug = Fixtures.slug("sme-retention");
            Fixtures.register(slug, "SME Retention");
            ok(admin.patch("/api/v1/organisations/" + slug, "{\"displayName\":\"SME Retention GmbH\"}"));
            ok(admin.post("/api/v1/organisations/" + slug + "/audit/retention",
                    "{\"beforeSequence\":2,\"reference\":\"OPS-1: test of the announcement\"}"));
            return slug;
        }));
        governanceScenarios(scenarios);
        joinScenarios(scenarios);
        billingScenarios(scenarios);
        List<String> unscripted = documentedWrites().stream().filter(w -> !scenarios.containsKey(w) && !NOT_WRITES.contains(w))
                .toList();
        assertTrue(unscripted.isEmpty(), "writes without an audit scenario here (add one): " + unscripted);

        List<String> missing = new ArrayList<>();
        scenarios.forEach((write, scenario) -> {
            String requestId = "it-" + UUID.randomUUID();
            String chain;
            try {
                Http.sendRequestId(requestId);
                chain = scenario.run().get();
            } finally {
                Http.sendRequestId(null);
            }
            if (!hasEntry(chain, requestId, "success", scenario.operation())) {
                missing.add(write + " (" + scenario.operation() + " in " + chain + ")");
            }
        });
        assertTrue(missing.isEmpty(), "successful writes with no audit entry: " + missing);
    }

    /**
     * The governance and credential writes, in an order that builds what the next one needs: a
     * dataspace, its profile, requests through every decision, a member's wallet (a real IdentityHub)
     * asking for credentials, revocation, a delivery retry, key rotation.
     */
    private static void governanceScenarios(Map<String, Scenario> scenarios) {
        Governance[] g = new Governance[1];
        String[] request = new String[1];
        String[] holderOrg = new String[1];
        String[] issuance = new String[1];
        String ds = "/api/v1/dataspaces/{dataspace}";
        String mine = "/api/v1/organisations/{org}/membership-requests";
        scenarios.put("POST /api/v1/dataspaces", new Scenario("dataspace.create", () -> {
            g[0] = Governance.create("audit-ds");
            return g[0].authorityOrg;
        }));
        scenarios.put("PUT " + ds + "/profile/draft", new Scenario("dataspace.profile.save-draft", () -> {
            ok(g[0].authority.send("PUT", g[0].path("/profile/draft"), "application/json",
                    Governance.pilotProfile(false, Governance.bpnl(), Governance.manualApproval()).toString()));
            return g[0].authorityOrg;
        }));
        scenarios.put("POST " + ds + "/profile/draft/publish", new Scenario("dataspace.profile.publish", () -> {
            ok(g[0].authority.post(g[0].path("/profile/draft/publish"), ""));
            return g[0].authorityOrg;
        }));
        scenarios.put("DELETE " + ds + "/profile/draft", new Scenario("dataspace.profile.discard-draft", () -> {
            ok(g[0].authority.send("PUT", g[0].path("/profile/draft"), "application/json",
                    Governance.pilotProfile(true, Governance.bpnl()).toString()));
            ok(g[0].authority.delete(g[0].path("/profile/draft")));
            return g[0].authorityOrg;
        }));
        scenarios.put("POST " + ds + "/profile/versions/{number}/deprecate", new Scenario("dataspace.profile.deprecate", () -> {
            Governance closing = Governance.published("audit-closing", Governance.pilotProfile(true, Governance.bpnl()));
            ok(closing.authority.post(closing.path("/profile/versions/1/deprecate"), ""));
            return closing.authorityOrg;
        }));
        scenarios.put("POST " + mine, new Scenario("membership.apply", () -> {
            Http.Response r = orgAdmin.post("/api/v1/organisations/" + org + "/membership-requests",
                    Governance.application(g[0].slug, "BPN-wrong", Fixtures.holderDid(org), false));
            ok(r);
            request[0] = r.json().getString("id");
            return org;
        }));
        scenarios.put("PUT " + mine + "/{id}/inputs", new Scenario("membership.change-inputs", () -> {
            ok(orgAdmin.send("PUT", "/api/v1/organisations/" + org + "/membership-requests/" + request[0] + "/inputs",
                    "application/json", "{\"legalEntityId\":\"" + Fixtures.bpnl() + "\",\"holderDid\":\"" + Fixtures.holderDid(org) + "\"}"));
            return org;
        }));
        scenarios.put("POST " + mine + "/{id}/steps/{position}/rerun", new Scenario("membership.rerun-step", () -> {
            ok(orgAdmin.post("/api/v1/organisations/" + org + "/membership-requests/" + request[0] + "/steps/1/rerun", ""));
            return org;
        }));
        scenarios.put("POST " + ds + "/membership-requests/{id}/steps/{position}/rerun", new Scenario("membership.rerun-step", () -> {
            ok(g[0].authority.post(g[0].path("/membership-requests/" + request[0] + "/steps/1/rerun"), ""));
            return org;
        }));
        scenarios.put("POST " + ds + "/membership-requests/{id}/approve", new Scenario("membership.approve", () -> {
            ok(g[0].authority.post(g[0].path("/membership-requests/" + request[0] + "/approve"), "{}"));
            return org;
        }));
        scenarios.put("POST " + ds + "/members/{member}/migrate", new Scenario("membership.migrate", () -> {
            ok(g[0].authority.post(g[0].path("/members/" + org + "/migrate"), ""));
            return org;
        }));
        scenarios.put("POST " + ds + "/membership-requests/{id}/reject", new Scenario("membership.reject", () -> {
            String other = Fixtures.slug("sme-rejected");
            Fixtures.register(other, "Rejected SME");
            Http.Response r = Governance.applicantAdmin(other).post("/api/v1/organisations/" + other + "/membership-requests",
                    Governance.application(g[0].slug, Fixtures.bpnl(), Fixtures.holderDid(other), false));
            ok(g[0].authority.post(g[0].path("/membership-requests/" + r.json().getString("id") + "/reject"),
                    "{\"reason\":\"Not a supplier of the region\"}"));
            return other;
        }));
        scenarios.put("POST " + mine + "/{id}/withdraw", new Scenario("membership.withdraw", () -> {
            String other = Fixtures.slug("sme-withdrawn");
            Fixtures.register(other, "Withdrawing SME");
            Http.Response r = Governance.applicantAdmin(other).post("/api/v1/organisations/" + other + "/membership-requests",
                    Governance.application(g[0].slug, Fixtures.bpnl(), Fixtures.holderDid(other), false));
            ok(Governance.applicantAdmin(other).post("/api/v1/organisations/" + other + "/membership-requests/"
                    + r.json().getString("id") + "/withdraw", "{}"));
            return other;
        }));
        scenarios.put("POST /dcp/{dataspace}/issuer/credentials", new Scenario("credential.issue", () -> {
            // A member whose wallet is a real IdentityHub asks for its credential with its own token.
            holderOrg[0] = Fixtures.slug("sme-wallet");
            Fixtures.register(holderOrg[0], "Wallet SME");
            var wallet = stack.identityHub();
            var holder = wallet.createParticipant(holderOrg[0]);
            Http applicant = Governance.applicantAdmin(holderOrg[0]);
            Http.Response r = applicant.post("/api/v1/organisations/" + holderOrg[0] + "/membership-requests",
                    Governance.application(g[0].slug, Fixtures.bpnl(), holder.did(), false));
            ok(g[0].authority.post(g[0].path("/membership-requests/" + r.json().getString("id") + "/approve"), "{}"));
            String issuerDid = g[0].authorityViewer.get(g[0].path("")).json().getString("issuerDid");
            String message = Governance.credentialRequestMessage("audit-" + UUID.randomUUID());
            Http.Response issued = anonymous.withoutContractCheck("DCP").post("/dcp/" + g[0].slug + "/issuer/credentials", message,
                    "Authorization", "Bearer " + wallet.selfIssuedToken(holder, issuerDid));
            ok(issued);
            issuance[0] = issued.body();
            return holderOrg[0];
        }));
        scenarios.put("POST " + ds + "/credentials/{id}/revoke", new Scenario("credential.revoke", () -> {
            String id = Governance.applicantAdmin(holderOrg[0]).get("/api/v1/organisations/" + holderOrg[0] + "/credentials")
                    .json().getJsonArray("items").getJsonObject(0).getString("id");
            ok(g[0].authority.post(g[0].path("/credentials/" + id + "/revoke"), "{\"reason\":\"Audit test\"}"));
            return holderOrg[0];
        }));
        scenarios.put("POST " + ds + "/credentials/deliveries/{issuance}/retry", new Scenario("credential.retry-delivery", () -> {
            // The wallet never asked with that holderPid, so it refuses the delivery; after the last attempt it has failed.
            java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
            while (!Governance.applicantAdmin(holderOrg[0]).get("/api/v1/organisations/" + holderOrg[0] + "/credentials").json()
                    .getJsonArray("items").getJsonObject(0).getString("delivery").equals("failed")) {
                if (java.time.Instant.now().isAfter(deadline)) {
                    fail("the delivery did not fail within 60 s");
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail(e);
                }
            }
            ok(g[0].authority.post(g[0].path("/credentials/deliveries/" + issuance[0] + "/retry"), ""));
            return holderOrg[0];
        }));
        scenarios.put("POST " + ds + "/issuer/keys/rotate", new Scenario("dataspace.issuer.rotate-key", () -> {
            ok(g[0].authority.post(g[0].path("/issuer/keys/rotate"), ""));
            return g[0].authorityOrg;
        }));
    }

    /**
     * The join writes, on on-premise joins (no wallet of ours needed): a person retries the credential
     * step, skips it, reports the connector; the ready step fails (nothing answers there) until the
     * authority retries and skips it; another join is cancelled.
     */
    private static void joinScenarios(Map<String, Scenario> scenarios) {
        Governance[] g = new Governance[1];
        String[] joiner = new String[1];
        String[] join = new String[1];
        String mine = "/api/v1/organisations/{org}/joins";
        String theirs = "/api/v1/dataspaces/{dataspace}/joins";
        scenarios.put("POST " + mine, new Scenario("join.start", () -> {
            g[0] = Governance.published("audit-joins", Governance.pilotProfile(true, Governance.bpnl()));
            joiner[0] = Fixtures.slug("sme-joiner");
            Fixtures.register(joiner[0], "Joining SME");
            Http.Response r = Governance.applicantAdmin(joiner[0]).post("/api/v1/organisations/" + joiner[0] + "/joins",
                    onPremise(g[0].slug, joiner[0]), "Idempotency-Key", UUID.randomUUID().toString());
            ok(r);
            join[0] = r.json().getString("id");
            return joiner[0];
        }));
        scenarios.put("POST " + mine + "/{id}/retry", new Scenario("join.retry", () -> {
            awaitJoin(joiner[0], join[0], "awaiting-applicant", "credential");
            ok(Governance.applicantAdmin(joiner[0]).post(joinPath(joiner[0], join[0]) + "/retry", "{\"reason\":\"wallet fixed\"}"));
            return joiner[0];
        }));
        scenarios.put("POST " + mine + "/{id}/steps/{step}/skip", new Scenario("join.skip", () -> {
            awaitJoin(joiner[0], join[0], "awaiting-applicant", "credential");
            ok(Governance.applicantAdmin(joiner[0]).post(joinPath(joiner[0], join[0]) + "/steps/credential/skip",
                    "{\"reason\":\"the credential was issued by hand\"}"));
            return joiner[0];
        }));
        scenarios.put("POST " + mine + "/{id}/connector", new Scenario("join.report-connector", () -> {
            awaitJoin(joiner[0], join[0], "awaiting-applicant", "connector");
            ok(Governance.applicantAdmin(joiner[0]).post(joinPath(joiner[0], join[0]) + "/connector",
                    "{\"dspEndpoint\":\"http://127.0.0.1:9/api/v1/dsp\"}"));
            return joiner[0];
        }));
        scenarios.put("POST " + theirs + "/{id}/retry", new Scenario("join.retry", () -> {
            awaitJoin(joiner[0], join[0], "failed", "ready");
            ok(g[0].authority.post(g[0].path("/joins/" + join[0] + "/retry"), "{}"));
            return joiner[0];
        }));
        scenarios.put("POST " + theirs + "/{id}/steps/{step}/skip", new Scenario("join.skip", () -> {
            ok(g[0].authority.post(g[0].path("/joins/" + join[0] + "/steps/ready/skip"),
                    "{\"reason\":\"the connector answers from outside only\"}"));
            return joiner[0];
        }));
        scenarios.put("POST " + mine + "/{id}/cancel", new Scenario("join.cancel", () -> {
            String other = Fixtures.slug("sme-cancelling");
            Fixtures.register(other, "Cancelling SME");
            Http.Response r = Governance.applicantAdmin(other).post("/api/v1/organisations/" + other + "/joins",
                    onPremise(g[0].slug, other), "Idempotency-Key", UUID.randomUUID().toString());
            ok(r);
            ok(Governance.applicantAdmin(other).post(joinPath(other, r.json().getString("id")) + "/cancel", "{}"));
            return other;
        }));
    }

    /**
     * Plans, subscriptions, runs and invoices. An invoice to issue, pay, credit and void, and a parked
     * subscription to release, are written with SQL (the run that makes them is BillingRunIT's).
     */
    private static void billingScenarios(Map<String, Scenario> scenarios) {
        String plan = Fixtures.slug("audit-plan");
        String[] subscription = new String[1];
        String[] invoice = new String[1];
        scenarios.put("POST /api/v1/billing/plans", new Scenario("billing-plan.create", () -> {
            ok(admin.post("/api/v1/billing/plans", planBody(plan, "49.00")));
            return "_platform";
        }));
        scenarios.put("POST /api/v1/billing/subscriptions", new Scenario("billing-subscription.create", () -> {
            Http.Response r = admin.post("/api/v1/billing/subscriptions", "{\"organisation\":\"" + org + "\",\"plan\":\"" + plan
                    + "\",\"country\":\"DE\",\"startsOn\":\"" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).withDayOfMonth(1) + "\"}");
            ok(r);
            subscription[0] = r.json().getString("id");
            return "_platform";
        }));
        scenarios.put("POST /api/v1/billing/subscriptions/{id}/plan-changes", new Scenario("billing-subscription.change-plan", () -> {
            String premium = Fixtures.slug("audit-premium");
            ok(admin.post("/api/v1/billing/plans", planBody(premium, "99.00")));
            ok(admin.post("/api/v1/billing/subscriptions/" + subscription[0] + "/plan-changes", "{\"plan\":\"" + premium + "\"}"));
            return "_platform";
        }));
        scenarios.put("POST /api/v1/billing/subscriptions/{id}/end", new Scenario("billing-subscription.end", () -> {
            ok(admin.post("/api/v1/billing/subscriptions/" + subscription[0] + "/end", "{\"endsOn\":\"2099-01-01\"}"));
            return "_platform";
        }));
        scenarios.put("POST /api/v1/billing/runs", new Scenario("billing-run.start", () -> {
            ok(admin.post("/api/v1/billing/runs", "{\"period\":\"2020-01\",\"dryRun\":true}"));
            return "_platform";
        }));
        scenarios.put("POST /api/v1/billing/invoices/{id}/issue", new Scenario("invoice.issue", () -> {
            invoice[0] = draftInvoice(subscription[0], "2019-01");
            ok(admin.post("/api/v1/billing/invoices/" + invoice[0] + "/issue", ""));
            return org;
        }));
        scenarios.put("POST /api/v1/billing/invoices/{id}/pay", new Scenario("invoice.pay", () -> {
            ok(admin.post("/api/v1/billing/invoices/" + invoice[0] + "/pay", "{}"));
            return org;
        }));
        scenarios.put("POST /api/v1/billing/invoices/{id}/credit-notes", new Scenario("invoice.credit", () -> {
            ok(admin.post("/api/v1/billing/invoices/" + invoice[0] + "/credit-notes", "{\"reason\":\"goodwill\",\"amount\":\"1.00\"}"));
            return org;
        }));
        scenarios.put("POST /api/v1/billing/invoices/{id}/void", new Scenario("invoice.void", () -> {
            String other = draftInvoice(subscription[0], "2019-02");
            ok(admin.post("/api/v1/billing/invoices/" + other + "/issue", ""));
            ok(admin.post("/api/v1/billing/invoices/" + other + "/void", "{\"reason\":\"issued in error\"}"));
            return org;
        }));
        scenarios.put("POST /api/v1/billing/parked/{subscription}/{period}/release", new Scenario("billing-work.release", () -> {
            sql("insert into billing_work (subscription_id, period_start, state, reason, updated_at) values ('" + subscription[0]
                    + "', date '2020-02-01', 'parked', 'audit test', now())");
            ok(admin.post("/api/v1/billing/parked/" + subscription[0] + "/2020-02/release", ""));
            return "_platform";
        }));
    }

    private static String planBody(String code, String fee) {
        return "{\"code\":\"" + code + "\",\"displayName\":\"Audit plan\",\"deploymentModel\":\"shared-managed\",\"currency\":\"EUR\","
                + "\"monthlyFee\":\"" + fee + "\",\"prices\":{}}";
    }

    /** A draft invoice of {@code subscription} (for {@code org}) in a month of its own; returns its id. */
    private static String draftInvoice(String subscription, String month) {
        String id = UUID.randomUUID().toString();
        sql("insert into invoice (id, kind, subscription_id, organisation, billed_to, period_start, period_end, state, currency, "
                + "country, tax_rate, subtotal, tax, total, created_at, created_by) values ('" + id + "', 'invoice', '" + subscription
                + "', '" + org + "', 'Novak Castings', date '" + month + "-01', "
                + "date '" + month + "-01' + interval '1 month', 'draft', 'EUR', 'DE', 19, 10, 1.9, 11.9, now(), 'audit-it')");
        return id;
    }

    private static void sql(String statement) {
        try (java.sql.Connection c = stack.postgres().connect(); java.sql.Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }

    private static String onPremise(String dataspace, String org) {
        return "{\"dataspace\":\"" + dataspace + "\",\"deploymentModel\":\"on-premise\",\"legalEntityId\":\""
                + Fixtures.bpnl() + "\",\"holderDid\":\"" + Fixtures.holderDid(org) + "\"}";
    }

    private static String joinPath(String org, String id) {
        return "/api/v1/organisations/" + org + "/joins/" + id;
    }

    private static void awaitJoin(String org, String id, String state, String step) {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        JsonObject last = null;
        while (java.time.Instant.now().isBefore(deadline)) {
            last = Governance.applicantAdmin(org).get(joinPath(org, id)).json();
            if (state.equals(last.getString("state")) && step.equals(last.getString("step", ""))) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(e);
            }
        }
        fail("join " + id + " not " + state + " at " + step + " within 60 s: " + last);
    }

    @Test
    void everyDocumentedWriteIsAuditedWhenRefused() {
        Governance g = Governance.published("audit-refusals", Governance.pilotProfile(true, Governance.bpnl()));
        List<String> missing = new ArrayList<>();
        for (String write : documentedWrites()) {
            if (NOT_WRITES.contains(write)) {
                continue;
            }
            String requestId = "it-" + UUID.randomUUID();
            String method = write.substring(0, write.indexOf(' '));
            String path = write.substring(write.indexOf(' ') + 1).replace("{org}", org).replace("{type}", CP)
                    .replace("{name}", "crown-jewel").replace("{dataspace}", g.slug).replace("{id}", UUID.randomUUID().toString())
                    .replace("{number}", "1").replace("{position}", "1").replace("{member}", org)
                    .replace("{issuance}", UUID.randomUUID().toString()).replace("{step}", "identity")
                    .replace("{subscription}", UUID.randomUUID().toString()).replace("{period}", "2026-01");
            // Governance writes are refused to the dataspace's authority viewers; the public DCP issuance to a caller without a token.
            Http as = path.startsWith("/dcp/") ? anonymous.withoutContractCheck("DCP")
                    : path.startsWith("/api/v1/dataspaces/") ? g.authorityViewer : viewer;
            Http.Response r = as.send(method, path, method.equals("PATCH") ? "application/merge-patch+json"
                    : "application/json", method.equals("DELETE") ? null : "{}", "X-Request-Id", requestId);
            assertEquals(path.startsWith("/dcp/") ? 401 : 403, r.status(), write + ": " + r.body());
            if (!hasEntry(write.contains("{org}") ? org : "_platform", requestId, "denied", null)) {
                missing.add(write);
            }
        }
        assertTrue(missing.isEmpty(), "refused writes with no audit entry: " + missing);
    }

    @Test
    void entriesSayInPlainLanguageWhoChangedWhatAndViewersReadThem() {
        ok(operator.post(CustomResourcesIT.path(org, CP), CustomResourcesIT.controlPlane("edc-plain", 1)));
        ok(operator.patch(CustomResourcesIT.path(org, CP) + "/edc-plain", "{\"spec\":{\"replicas\":2}}"));
        JsonObject newest = viewer.get("/api/v1/organisations/" + org + "/audit?operation=resource.patch&limit=1")
                .json().getJsonArray("items").getJsonObject(0);
        assertTrue(newest.getString("summary").matches(
                "jonas \\(operator, Novak Castings.*\\) changed control plane 'edc-plain': replicas 1 → 2"),
                newest.getString("summary"));
        assertEquals("ControlPlane", newest.getJsonObject("target").getString("kind"));
        assertEquals("edc-plain", newest.getJsonObject("target").getString("id"));
        assertEquals(List.of("operator"), newest.getJsonObject("actor").getJsonArray("roles").getValuesAs(
                jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        assertTrue(newest.getString("change").contains("\"spec.replicas\":{\"from\":1,\"to\":2}"), newest.getString("change"));
        // Filters and paging: newest first, nothing from another organisation.
        Http.Response page = viewer.get("/api/v1/organisations/" + org + "/audit?limit=2&target=ControlPlane/edc-plain");
        List<JsonObject> items = page.json().getJsonArray("items").getValuesAs(JsonObject.class);
        assertEquals(List.of("resource.patch", "resource.create"), items.stream().map(i -> i.getString("operation")).toList());
        assertTrue(items.get(0).getJsonNumber("sequence").longValue() > items.get(1).getJsonNumber("sequence").longValue());
        assertProblem(viewer.get("/api/v1/organisations/" + org + "/audit?outcome=maybe"), 400);
        Http stranger = anonymous.as(tokens.forGroups("mallory", "/orgs/" + Fixtures.slug("other") + "/admin"));
        assertProblem(stranger.get("/api/v1/organisations/" + org + "/audit"), 404);
    }

    @Test
    void badRangesFormatsAndTimesAreFieldErrors() {
        String audit = "/api/v1/organisations/" + org + "/audit";
        Problems.assertFieldError(viewer.get(audit + "/verify?fromSequence=0"), "fromSequence", "sequence number");
        Problems.assertFieldError(viewer.get(audit + "/verify?fromSequence=9&toSequence=3"), "fromSequence", "not after");
        Problems.assertFieldError(viewer.get(audit + "/export?format=xlsx"), "format", "jsonl or csv");
        Problems.assertFieldError(viewer.get(audit + "?from=yesterday"), "from", "RFC 3339");
        Problems.assertFieldError(viewer.get(audit + "?continue=forged"), "continue", "");
        Problems.assertFieldError(support.get("/api/v1/audit/platform/export?toSequence=x"), "toSequence", "sequence number");
    }

    @Test
    void aRefusedChangeLeavesOnlyItsRefusalAndAFailingAuditWriteRollsTheChangeBack() throws SQLException {
        String before = admin.get("/api/v1/organisations/" + org).json().getString("displayName");
        String stale = "it-" + UUID.randomUUID();
        assertProblem(orgAdmin.patch("/api/v1/organisations/" + org, "{\"displayName\":\"Stale\"}", "If-Match", "\"999\"",
                "X-Request-Id", stale), 412);
        assertTrue(hasEntry(org, stale, "conflict", "organisation.update"));
        assertFalse(hasEntry(org, stale, "success", null));

        try (Connection owner = stack.postgres().connect(); Statement s = owner.createStatement()) {
            s.execute("REVOKE INSERT ON audit_entry FROM " + Postgres.APP_USER);
            try {
                Http.Response r = orgAdmin.patch("/api/v1/organisations/" + org, "{\"displayName\":\"Without an entry\"}");
                assertTrue(r.status() >= 500, r.toString());
                assertTrue(r.contentType().startsWith("application/problem+json"), r.toString());
            } finally {
                s.execute("GRANT INSERT ON audit_entry TO " + Postgres.APP_USER);
            }
        }
        assertEquals(before, admin.get("/api/v1/organisations/" + org).json().getString("displayName"),
                "the change committed without its audit entry");
    }

    @Test
    void theServersRoleCannotUpdateOrDeleteEntries() throws SQLException {
        ok(orgAdmin.patch("/api/v1/organisations/" + org, "{\"displayName\":\"Novak Castings\"}"));
        try (Connection app = stack.postgres().connectAsApplication(); Statement s = app.createStatement()) {
            SQLException update = assertThrows(SQLException.class,
                    () -> s.executeUpdate("UPDATE audit_entry SET summary = 'nothing happened' WHERE organisation = '" + org + "'"));
            assertEquals("42501", update.getSQLState(), update.getMessage());
            SQLException delete = assertThrows(SQLException.class,
                    () -> s.executeUpdate("DELETE FROM audit_entry WHERE organisation = '" + org + "'"));
            assertEquals("42501", delete.getSQLState(), delete.getMessage());
        }
    }

    @Test
    void tamperingByTheDatabaseOwnerIsFoundAtTheRightSequence() throws SQLException {
        String victim = Fixtures.slug("logistics-tamper");
        Fixtures.register(victim, "Rhein Logistics");
        Http victimAdmin = anonymous.as(tokens.forGroups("rita", "/orgs/" + victim + "/admin"));
        for (int i = 1; i <= 5; i++) {
            ok(victimAdmin.patch("/api/v1/organisations/" + victim, "{\"displayName\":\"Rhein Logistics " + i + "\"}"));
        }
        assertTrue(verify(victim).getBoolean("valid"), verify(victim).toString());
        try (Connection owner = stack.postgres().connect(); Statement s = owner.createStatement()) {
            s.executeUpdate("UPDATE audit_entry SET summary = summary || ' (approved)' WHERE organisation = '" + victim
                    + "' AND sequence = 3");
            JsonObject changed = verify(victim);
            assertFalse(changed.getBoolean("valid"));
            assertEquals(3, changed.getJsonObject("firstBroken").getInt("sequence"));
            assertEquals("changed-entry", changed.getJsonObject("firstBroken").getString("reason"));

            s.executeUpdate("UPDATE audit_entry SET summary = left(summary, length(summary) - 11) WHERE organisation = '"
                    + victim + "' AND sequence = 3");
            assertTrue(verify(victim).getBoolean("valid"), "restoring the entry restores the chain");

            s.executeUpdate("DELETE FROM audit_entry WHERE organisation = '" + victim + "' AND sequence = 4");
            JsonObject removed = verify(victim);
            assertEquals(4, removed.getJsonObject("firstBroken").getInt("sequence"), removed.toString());
            assertEquals("missing-entry", removed.getJsonObject("firstBroken").getString("reason"));
        }
    }

    @Test
    void removingTheOldestEntriesIsFoundUnlessARetentionWasAnnouncedInTheChain() throws SQLException {
        String unannounced = Fixtures.slug("sme-purged");
        String announced = Fixtures.slug("sme-retained");
        for (String slug : List.of(unannounced, announced)) {
            Fixtures.register(slug, "Purge Test");
            Http member = anonymous.as(tokens.forGroups("paul", "/orgs/" + slug + "/admin"));
            for (int i = 1; i <= 3; i++) {
                ok(member.patch("/api/v1/organisations/" + slug, "{\"displayName\":\"Purge Test " + i + "\"}"));
            }
        }
        assertProblem(orgAdmin.post("/api/v1/organisations/" + org + "/audit/retention",
                "{\"beforeSequence\":2,\"reference\":\"not mine to decide\"}"), 403);
        assertProblem(admin.post("/api/v1/organisations/" + announced + "/audit/retention",
                "{\"beforeSequence\":99,\"reference\":\"OPS-7\"}"), 400);
        ok(admin.post("/api/v1/organisations/" + announced + "/audit/retention",
                "{\"beforeSequence\":3,\"reference\":\"OPS-7: retention policy 4.2\"}"));
        try (Connection owner = stack.postgres().connect(); Statement s = owner.createStatement()) {
            for (String slug : List.of(unannounced, announced)) {
                s.executeUpdate("DELETE FROM audit_entry WHERE organisation = '" + slug + "' AND sequence < 3");
            }
        }
        JsonObject purged = verify(unannounced);
        assertFalse(purged.getBoolean("valid"), purged.toString());
        assertEquals(1, purged.getJsonObject("firstBroken").getInt("sequence"));
        assertEquals("missing-entry", purged.getJsonObject("firstBroken").getString("reason"));
        JsonObject retained = verify(announced);
        assertTrue(retained.getBoolean("valid"), retained.toString());
        assertEquals(3, retained.getInt("fromSequence"));
    }

    @Test
    void anExportVerifiesOfflineAndFailsAfterOneByteIsChanged() throws Exception {
        ok(orgAdmin.patch("/api/v1/organisations/" + org, "{\"legalEntityId\":\"BPNL00000003AYRE\"}"));
        ok(orgAdmin.post("/api/v1/organisations/" + org + "/audit/checkpoints", ""));
        ok(orgAdmin.patch("/api/v1/organisations/" + org, "{\"displayName\":\"Novak Castings\"}"));
        Http.Response export = viewer.get("/api/v1/organisations/" + org + "/audit/export?format=jsonl");
        assertEquals(200, export.status(), export.body());
        assertTrue(export.body().contains("\"type\":\"checkpoint\""), "the export carries the signed checkpoints");
        Http.Response keys = anonymous.get("/api/v1/audit/keys");
        assertEquals(200, keys.status(), keys.body());

        Path dir = Files.createTempDirectory(Config.work(), "audit-export");
        Path file = dir.resolve("export.jsonl");
        Path keyFile = dir.resolve("keys.json");
        Files.writeString(file, export.body(), StandardCharsets.UTF_8);
        Files.writeString(keyFile, keys.body(), StandardCharsets.UTF_8);
        assertEquals(0, offlineVerify(keyFile, file), "a faithful export verifies");

        String text = export.body();
        int at = text.indexOf("Novak Castings\"");
        assertTrue(at > 0);
        Files.writeString(file, text.substring(0, at) + "M" + text.substring(at + 1), StandardCharsets.UTF_8);
        assertEquals(1, offlineVerify(keyFile, file), "one changed byte is found");

        Http.Response csv = viewer.get("/api/v1/organisations/" + org + "/audit/export?format=csv");
        assertEquals(200, csv.status());
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
        assertTrue(csv.body().startsWith("sequence,occurredAt,"), csv.body().substring(0, 40));
    }

    @Test
    void twoServerInstancesWriteOneGapFreeChain() throws Exception {
        String shared = Fixtures.slug("tier1-shared");
        Fixtures.register(shared, "Tier-1 Components GmbH");
        LibertyServer second = stack.variant("kaphera-it-audit-second", Map.of());
        second.start();
        try {
            String token = tokens.forGroups("tilda", "/orgs/" + shared + "/admin");
            List<Http> servers = List.of(new Http(stack.managed().baseUri()).as(token), new Http(second.baseUri()).as(token));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> writes = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    Http server = servers.get(i % 2);
                    int n = i;
                    writes.add(pool.submit(() -> server.patch("/api/v1/organisations/" + shared,
                            "{\"displayName\":\"Tier-1 Components GmbH " + n + "\"}").status()));
                }
                // Writes without If-Match race on the organisation's version: the loser gets 409 (and is
                // recorded as a conflict); every write, won or lost, is one entry of the one chain.
                for (Future<Integer> w : writes) {
                    int status = w.get();
                    assertTrue(status == 200 || status == 409, "status " + status);
                }
            } finally {
                pool.shutdownNow();
            }
            JsonObject verdict = verify(shared);
            assertTrue(verdict.getBoolean("valid"), verdict.toString());
            assertEquals(41, verdict.getInt("entriesChecked"), "registration + 40 writes, no gap: " + verdict);
        } finally {
            second.stop();
        }
    }

    @Test
    void chainOfCustodyReadsAreRecorded() {
        ok(operator.post(CustomResourcesIT.path(org, CP), CustomResourcesIT.controlPlane("dpp-passport", 1)));
        // The platform marks what needs custody (the policy feature will); users cannot set kaphera.io/ labels.
        var marked = stack.kubernetes().send("PATCH", "/apis/edc.kaphera.io/v1alpha1/namespaces/kaphera-" + org
                        + "/controlplanes/dpp-passport", "application/merge-patch+json",
                "{\"metadata\":{\"labels\":{\"kaphera.io/chain-of-custody\":\"true\"}}}");
        assertEquals(200, marked.statusCode(), marked.body());
        String requestId = "it-" + UUID.randomUUID();
        assertEquals(200, viewer.get(CustomResourcesIT.path(org, CP) + "/dpp-passport", "X-Request-Id", requestId).status());
        assertTrue(hasEntry(org, requestId, "success", "resource.read"), "a custody read leaves an entry");
        String unmarked = "it-" + UUID.randomUUID();
        ok(operator.post(CustomResourcesIT.path(org, CP), CustomResourcesIT.controlPlane("edc-plain-read", 1)));
        assertEquals(200, viewer.get(CustomResourcesIT.path(org, CP) + "/edc-plain-read", "X-Request-Id", unmarked).status());
        assertFalse(hasEntry(org, unmarked, "success", null), "ordinary reads are not audited");
    }

    @Test
    void forgedTokensOnWritesLandInThePlatformChainAndNoSecretAppearsInAnyEntry() throws Exception {
        String requestId = "it-" + UUID.randomUUID();
        String forged = tokens.builder("mallory", "/orgs/" + org + "/admin").signWithUntrustedKey();
        Http.Response refused = anonymous.as(forged).send("PATCH", "/api/v1/organisations/" + org,
                "application/merge-patch+json", "{\"displayName\":\"Owned\"}", "X-Request-Id", requestId);
        assertEquals(401, refused.status());
        assertTrue(hasEntry("_platform", requestId, "denied", null), "the refused write is in the platform's chain: "
                + refused + " " + refused.headers().map());
        assertTrue(support.get("/api/v1/audit/platform/verify").json().getBoolean("valid"));

        String everything = viewer.get("/api/v1/organisations/" + org + "/audit/export").body()
                + support.get("/api/v1/audit/platform/export").body();
        for (String secret : List.of(forged, tokens.platformAdmin().substring(0, 40), Postgres.PASSWORD,
                stack.kubernetes().serviceAccountToken().substring(0, 40), "Bearer ")) {
            int at = everything.indexOf(secret);
            assertEquals(-1, at, "a secret appears in the audit log: "
                    + everything.substring(Math.max(0, at - 200), Math.min(everything.length(), at + 60)));
        }
    }

    private static String registerAndDelete() {
        String slug = Fixtures.slug("sme-gone");
        Fixtures.register(slug, "SME Gone");
        Http.Response deleted = admin.delete("/api/v1/organisations/" + slug);
        assertEquals(204, deleted.status(), deleted.body());
        return slug;
    }

    private static void replace(String name, int replicas) {
        Http.Response current = operator.get(CustomResourcesIT.path(org, CP) + "/" + name);
        ok(operator.send("PUT", CustomResourcesIT.path(org, CP) + "/" + name, "application/json",
                CustomResourcesIT.controlPlane(name, replicas), "If-Match", current.header("ETag")));
    }

    private static void ok(Http.Response r) {
        if (r.status() >= 300) {
            fail(r.toString());
        }
    }

    private static JsonObject verify(String slug) {
        Http.Response r = support.get("/api/v1/organisations/" + slug + "/audit/verify");
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    /** Whether the chain holds an entry of this request with this outcome (and operation, if given). */
    private static boolean hasEntry(String chain, String requestId, String outcome, String operation) {
        String path = ("_platform".equals(chain) ? "/api/v1/audit/platform" : "/api/v1/organisations/" + chain + "/audit")
                + "?limit=200&outcome=" + outcome + (operation == null ? "" : "&operation=" + operation);
        return entries(path).anyMatch(e -> requestId.equals(e.getString("requestId", null)));
    }

    private static Stream<JsonObject> entries(String path) {
        Http.Response r = support.get(path);
        assertEquals(200, r.status(), path + ": " + r.body());
        return r.json().getJsonArray("items").getValuesAs(JsonObject.class).stream();
    }

    private static int offlineVerify(Path keys, Path export) throws IOException, InterruptedException {
        Path jar;
        try (Stream<Path> files = Files.list(Config.repo().resolve("kaphera-audit-verifier/target"))) {
            jar = files.filter(f -> f.getFileName().toString().endsWith("-cli.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("kaphera-audit-verifier was not built"));
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "--keys", keys.toString(), export.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        System.out.println("offline verifier: " + out.strip());
        return status;
    }

    private static List<String> documentedWrites() {
        JsonObject paths = anonymous.get("/openapi", "Accept", "application/json").json().getJsonObject("paths");
        List<String> writes = new ArrayList<>();
        paths.forEach((path, item) -> item.asJsonObject().keySet().stream().filter(WRITES::contains)
                .forEach(m -> writes.add(m.toUpperCase(java.util.Locale.ROOT) + " " + path)));
        return writes.stream().sorted().toList();
    }
}
