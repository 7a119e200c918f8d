package com.kaphera.cloud.it;

import static com.kaphera.cloud.it.Problems.assertFieldError;
import static com.kaphera.cloud.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.Stack;
import com.kaphera.cloud.it.support.Tokens;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The organisation registry through the real server and database, happy and unhappy paths. */
class OrganisationsIT {
    private static final String BASE = "/api/v1/organisations";
    private static Http anonymous;
    private static Http admin;
    private static Tokens tokens;

    @BeforeAll
    static void server() {
        Stack stack = Stack.get();
        tokens = stack.tokens();
        anonymous = new Http(stack.managed().baseUri());
        admin = anonymous.as(tokens.platformAdmin());
    }

    @Test
    void controlCharactersAndForgedContinueTokensAreBadRequestsNotFailures() {
        String nul = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("k1:a\u0000b".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertFieldError(admin.get(BASE + "?continue=" + nul), "continue", "");
        assertFieldError(admin.post(BASE, "{\"slug\":\"" + Fixtures.slug("sme-nul") + "\",\"displayName\":\"Novak\\u0000Castings\"}"),
                "displayName", "control characters");
        assertFieldError(admin.post(BASE, "{\"slug\":\"" + Fixtures.slug("sme-bell") + "\",\"displayName\":\"Novak\\u0007\","
                + "\"legalEntityId\":\"BPNL\\u001b[31m\"}"), "legalEntityId", "control characters");
        String slug = Fixtures.slug("sme-castings");
        Fixtures.register(slug, "Novak Castings");
        assertFieldError(admin.patch(BASE + "/" + slug, "{\"displayName\":\"lone \\ud83d surrogate\"}"), "displayName",
                "invalid Unicode");
    }

    @Test
    void slugsWhoseNamespaceBelongsToKubernetesOrThePlatformAreRefused() {
        for (String slug : java.util.List.of("system", "default", "kube-system", "kube")) {
            assertFieldError(admin.post(BASE, "{\"slug\":\"" + slug + "\",\"displayName\":\"Squatter\"}"), "slug",
                    "reserved");
        }
    }

    @Test
    void platformAdminRegistersAnOrganisationWithDerivedNamespace() {
        String slug = Fixtures.slug("tier1-gmbh");
        Http.Response r = admin.post(BASE, "{\"slug\":\"" + slug
                + "\",\"displayName\":\"Tier-1 Components GmbH\",\"legalEntityId\":\"BPNL00000003AYRE\"}");
        assertEquals(201, r.status(), r.body());
        assertTrue(r.header("Location").endsWith(BASE + "/" + slug), r.header("Location"));
        assertEquals("\"0\"", r.header("ETag"));
        JsonObject body = r.json();
        assertEquals(slug, body.getString("slug"));
        assertEquals("Tier-1 Components GmbH", body.getString("displayName"));
        assertEquals("BPNL00000003AYRE", body.getString("legalEntityId"));
        assertEquals("kaphera-" + slug, body.getString("namespace"));
        assertNotNull(body.getString("createdAt"));
        assertFalse(body.containsKey("id"), "internal ids stay internal: " + body);
        assertFalse(body.containsKey("version"), body.toString());

        Http.Response read = admin.get(BASE + "/" + slug);
        assertEquals(200, read.status());
        assertEquals(body, read.json());
    }

    @Test
    void duplicateSlugIsAConflict() {
        String slug = Fixtures.slug("oem-frankfurt");
        Fixtures.register(slug, "OEM Frankfurt");
        assertProblem(admin.post(BASE, "{\"slug\":\"" + slug + "\",\"displayName\":\"Again\"}"), 409);
    }

    @Test
    void concurrentRegistrationsOfOneSlugCreateExactlyOne() throws Exception {
        String slug = Fixtures.slug("sme-race");
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                await(go);
                return admin.post(BASE, "{\"slug\":\"" + slug + "\",\"displayName\":\"SME\"}").status();
            }));
        }
        go.countDown();
        List<Integer> statuses = calls.stream().map(CompletableFuture::join).toList();
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(5, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        assertEquals(1, countRows(slug));
    }

    @Test
    void invalidSlugIsAFieldError() {
        assertFieldError(admin.post(BASE, "{\"slug\":\"Tier_1!\",\"displayName\":\"Tier 1\"}"), "slug", "DNS label");
        assertFieldError(admin.post(BASE, "{\"slug\":\"ends-with-\",\"displayName\":\"x\"}"), "slug", "DNS label");
        assertFieldError(admin.post(BASE, "{\"slug\":\"" + "a".repeat(41) + "\",\"displayName\":\"x\"}"), "slug",
                "DNS label");
    }

    @Test
    void reportsEveryInvalidFieldAtOnce() {
        JsonObject p = assertFieldError(admin.post(BASE, "{\"slug\":\"-bad\",\"displayName\":\"\",\"colour\":\"red\"}"),
                "slug", "DNS label");
        assertEquals(3, p.getJsonArray("errors").size(), p.toString());
        assertFieldError(admin.post(BASE, "{\"slug\":\"-bad\",\"displayName\":\"\",\"colour\":\"red\"}"), "colour",
                "not a known field");
        assertFieldError(admin.post(BASE, "{\"slug\":\"-bad\",\"displayName\":\"\",\"colour\":\"red\"}"),
                "displayName", "blank");
    }

    @Test
    void rejectsFieldsTheCallerMayNotSet() {
        String slug = Fixtures.slug("sneaky");
        assertFieldError(admin.post(BASE, "{\"slug\":\"" + slug + "\",\"displayName\":\"x\",\"namespace\":\"kube-system\"}"),
                "namespace", "not a known field");
        assertEquals(0, countRows(slug), "nothing is written when the request is rejected");
    }

    @Test
    void rejectsWrongTypes() {
        assertFieldError(admin.post(BASE, "{\"slug\":42,\"displayName\":\"x\"}"), "slug", "a string");
        assertFieldError(admin.post(BASE, "{\"slug\":\"ok-slug\",\"displayName\":[\"x\"]}"), "displayName", "a string");
        assertFieldError(admin.post(BASE, "[1,2,3]"), "$", "JSON object");
    }

    @Test
    void rejectsMalformedJson() {
        JsonObject p = assertFieldError(admin.post(BASE, "{\"slug\": \"x\", "), "$", "well-formed");
        assertFalse(p.toString().contains("Parsson"), p.toString());
        assertFieldError(admin.post(BASE, ""), "$", "JSON object is required");
    }

    @Test
    void rejectsOversizedBodyWith413() {
        String huge = "{\"slug\":\"big\",\"displayName\":\"" + "x".repeat(70_000) + "\"}";
        assertProblem(admin.post(BASE, huge), 413);
    }

    @Test
    void rejectsWrongContentTypeWith415() {
        assertProblem(admin.send("POST", BASE, "text/plain", "slug=x"), 415);
    }

    @Test
    void authenticatedNonAdminCannotRegister() {
        String member = tokens.forGroups("oem-operator", "/orgs/oem/admin");
        String slug = Fixtures.slug("not-allowed");
        assertProblem(anonymous.as(member).post(BASE, "{\"slug\":\"" + slug + "\",\"displayName\":\"x\"}"), 403);
        assertProblem(anonymous.as(tokens.forGroups("support", "/platform/support"))
                .post(BASE, "{\"slug\":\"" + slug + "\",\"displayName\":\"x\"}"), 403);
        assertEquals(0, countRows(slug));
    }

    @Test
    void membersReadTheirOrganisationAndOutsidersGet404() {
        String mine = Fixtures.slug("sme-one");
        String theirs = Fixtures.slug("sme-two");
        Fixtures.register(mine, "SME One");
        Fixtures.register(theirs, "SME Two");
        Http viewer = anonymous.as(tokens.forGroups("petra", "/orgs/" + mine + "/viewer"));
        assertEquals(200, viewer.get(BASE + "/" + mine).status());
        JsonObject notFound = assertProblem(viewer.get(BASE + "/" + theirs), 404);
        JsonObject missing = assertProblem(viewer.get(BASE + "/no-such-org-at-all"), 404);
        assertEquals(notFound.getString("title"), missing.getString("title"), "no existence leak");
    }

    @Test
    void listShowsOnlyTheCallersOrganisations() {
        String a = Fixtures.slug("tier1-entity-a");
        String b = Fixtures.slug("tier1-entity-b");
        String other = Fixtures.slug("logistics");
        Fixtures.register(a, "Tier-1 Entity A");
        Fixtures.register(b, "Tier-1 Entity B");
        Fixtures.register(other, "Logistics Provider");
        Http tier1Admin = anonymous.as(tokens.forGroups("tier1-admin", "/orgs/" + a + "/admin", "/orgs/" + b + "/admin"));
        JsonObject page = tier1Admin.get(BASE).json();
        Set<String> slugs = new HashSet<>();
        page.getJsonArray("items").getValuesAs(JsonObject.class).forEach(o -> slugs.add(o.getString("slug")));
        assertEquals(Set.of(a, b), slugs);
        assertEquals(0, anonymous.as(tokens.forGroups("nobody")).get(BASE).json().getJsonArray("items").size());
    }

    @Test
    void paginationWalksEveryOrganisationExactlyOnceInOrder() {
        for (int i = 0; i < 7; i++) {
            Fixtures.register(Fixtures.slug("page-walk"), "Page walk " + i);
        }
        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            Http.Response r = admin.get(BASE + "?limit=3" + (next == null ? "" : "&continue=" + next));
            assertEquals(200, r.status(), r.body());
            JsonObject page = r.json();
            assertTrue(page.getJsonArray("items").size() <= 3);
            page.getJsonArray("items").getValuesAs(JsonObject.class).forEach(o -> seen.add(o.getString("slug")));
            next = page.containsKey("continue") ? page.getString("continue") : null;
            pages++;
        } while (next != null && pages < 1000);
        assertEquals(new HashSet<>(seen).size(), seen.size(), "no duplicates");
        assertEquals(seen.stream().sorted().toList(), seen, "slug order");
        assertTrue(seen.size() >= 7);
        assertEquals(countLive(), seen.size(), "every live organisation");
    }

    @Test
    void rejectsBadPaginationParameters() {
        assertFieldError(admin.get(BASE + "?limit=abc"), "limit", "whole number");
        assertFieldError(admin.get(BASE + "?limit=0"), "limit", "whole number");
        assertFieldError(admin.get(BASE + "?limit=100000"), "limit", "whole number");
        assertFieldError(admin.get(BASE + "?continue=forged-token"), "continue", "not a continue token");
    }

    @Test
    void orgAdminUpdatesDisplayDataWithMergePatch() {
        String slug = Fixtures.slug("sme-three");
        Fixtures.register(slug, "SME Three");
        Http orgAdmin = anonymous.as(tokens.forGroups("sme-admin", "/orgs/" + slug + "/admin"));
        Http.Response r = orgAdmin.patch(BASE + "/" + slug, "{\"displayName\":\"SME Three GmbH\",\"legalEntityId\":null}",
                "If-Match", "\"0\"");
        assertEquals(200, r.status(), r.body());
        assertEquals("SME Three GmbH", r.json().getString("displayName"));
        assertFalse(r.json().containsKey("legalEntityId"), "null removes it: " + r.body());
        assertEquals("\"1\"", r.header("ETag"));
        assertEquals("kaphera-" + slug, r.json().getString("namespace"));
    }

    @Test
    void staleIfMatchIsAPreconditionFailureAndChangesNothing() {
        String slug = Fixtures.slug("oem-munich");
        Fixtures.register(slug, "OEM Munich");
        assertEquals(200, admin.patch(BASE + "/" + slug, "{\"displayName\":\"First\"}", "If-Match", "\"0\"").status());
        assertProblem(admin.patch(BASE + "/" + slug, "{\"displayName\":\"Second\"}", "If-Match", "\"0\""), 412);
        assertProblem(admin.patch(BASE + "/" + slug, "{\"displayName\":\"Third\"}", "If-Match", "W/\"junk\""), 412);
        assertEquals("First", admin.get(BASE + "/" + slug).json().getString("displayName"));
    }

    @Test
    void concurrentUpdatesWithTheSameVersionLetExactlyOneWin() {
        String slug = Fixtures.slug("race-update");
        Fixtures.register(slug, "Race");
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            calls.add(CompletableFuture.supplyAsync(() -> {
                await(go);
                return admin.patch(BASE + "/" + slug, "{\"displayName\":\"Writer " + n + "\"}", "If-Match", "\"0\"")
                        .status();
            }));
        }
        go.countDown();
        List<Integer> statuses = calls.stream().map(CompletableFuture::join).toList();
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 409 || s == 412), statuses.toString());
        assertEquals("\"1\"", admin.get(BASE + "/" + slug).header("ETag"));
    }

    @Test
    void patchRejectsImmutableAndUnknownFields() {
        String slug = Fixtures.slug("immutable");
        Fixtures.register(slug, "Immutable");
        assertFieldError(admin.patch(BASE + "/" + slug, "{\"slug\":\"renamed\"}"), "slug", "not a known field");
        assertFieldError(admin.patch(BASE + "/" + slug, "{\"namespace\":\"kube-system\"}"), "namespace", "not a known field");
        assertFieldError(admin.patch(BASE + "/" + slug, "{\"displayName\":null}"), "displayName", "blank");
        assertFieldError(admin.patch(BASE + "/" + slug, "{\"displayName\":7}"), "displayName", "a string");
        assertProblem(admin.send("PATCH", BASE + "/" + slug, "application/json", "{\"displayName\":\"x\"}"), 415);
        assertEquals("Immutable", admin.get(BASE + "/" + slug).json().getString("displayName"));
    }

    @Test
    void viewerAndOperatorCannotUpdate() {
        String slug = Fixtures.slug("sme-four");
        Fixtures.register(slug, "SME Four");
        assertProblem(anonymous.as(tokens.forGroups("v", "/orgs/" + slug + "/viewer"))
                .patch(BASE + "/" + slug, "{\"displayName\":\"x\"}"), 403);
        assertProblem(anonymous.as(tokens.forGroups("o", "/orgs/" + slug + "/operator"))
                .patch(BASE + "/" + slug, "{\"displayName\":\"x\"}"), 403);
        assertProblem(anonymous.as(tokens.forGroups("s", "/platform/support"))
                .patch(BASE + "/" + slug, "{\"displayName\":\"x\"}"), 403);
        assertEquals(200, anonymous.as(tokens.forGroups("s", "/platform/support")).get(BASE + "/" + slug).status());
    }

    @Test
    void deleteIsSoftAndTheSlugStaysReserved() throws Exception {
        String slug = Fixtures.slug("leaving");
        Fixtures.register(slug, "Leaving");
        assertProblem(anonymous.as(tokens.forGroups("a", "/orgs/" + slug + "/admin")).delete(BASE + "/" + slug), 403);
        assertProblem(admin.delete(BASE + "/" + slug, "If-Match", "\"7\""), 412);
        assertEquals(204, admin.delete(BASE + "/" + slug, "If-Match", "\"0\"").status());
        assertProblem(admin.get(BASE + "/" + slug), 404);
        assertProblem(admin.delete(BASE + "/" + slug), 404);
        assertProblem(admin.post(BASE, "{\"slug\":\"" + slug + "\",\"displayName\":\"Back again\"}"), 409);
        assertEquals(1, countRows(slug), "the row is kept");
        try (Connection c = Stack.get().postgres().connect();
                PreparedStatement s = c.prepareStatement("select deleted_at from organisation where slug = ?")) {
            s.setString(1, slug);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next());
                assertNotNull(rs.getTimestamp(1));
            }
        }
    }

    @Test
    void responsesCarryDistinctETagsPerVersion() {
        String slug = Fixtures.slug("etags");
        Fixtures.register(slug, "ETags");
        String before = admin.get(BASE + "/" + slug).header("ETag");
        admin.patch(BASE + "/" + slug, "{\"displayName\":\"ETags 2\"}");
        assertNotEquals(before, admin.get(BASE + "/" + slug).header("ETag"));
    }

    private static int countRows(String slug) {
        try (Connection c = Stack.get().postgres().connect();
                PreparedStatement s = c.prepareStatement("select count(*) from organisation where slug = ?")) {
            s.setString(1, slug);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static int countLive() {
        try (Connection c = Stack.get().postgres().connect();
                PreparedStatement s = c.prepareStatement("select count(*) from organisation where deleted_at is null");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
