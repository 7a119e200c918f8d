package com.kaphera.cloud.it;

import static com.kaphera.cloud.it.Problems.assertFieldError;
import static com.kaphera.cloud.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.Stack;
import com.kaphera.cloud.it.support.Tokens;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Customer accounts group organisations (the tier-1's two legal entities, one invoice later). */
class CustomerAccountsIT {
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

    private static String open(String slug) {
        Http.Response r = admin.post("/api/v1/customer-accounts",
                "{\"slug\":\"" + slug + "\",\"displayName\":\"Tier-1 Components Group\",\"billingEmail\":\"ap@tier1.example\"}");
        assertEquals(201, r.status(), r.body());
        return slug;
    }

    private static List<String> strings(JsonObject o, String field) {
        return o.getJsonArray(field).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    @Test
    void twoLegalEntitiesShareOneAccountAndTheFleetGroupsByIt() {
        String account = open(Fixtures.slug("tier1-group"));
        String de = Fixtures.slug("tier1-de");
        String cz = Fixtures.slug("tier1-cz");
        Http.Response created = admin.post("/api/v1/organisations", "{\"slug\":\"" + de + "\",\"displayName\":\"Tier-1 "
                + "Components GmbH\",\"legalEntityId\":\"BPNL0000000T1DE1\",\"customerAccount\":\"" + account + "\"}");
        assertEquals(201, created.status(), created.body());
        assertEquals(account, created.json().getString("customerAccount"));
        Fixtures.register(cz, "Tier-1 Components s.r.o.");
        Http.Response moved = admin.patch("/api/v1/organisations/" + cz, "{\"customerAccount\":\"" + account + "\"}");
        assertEquals(200, moved.status(), moved.body());

        JsonObject view = anonymous.as(tokens.forGroups("sam", "/platform/support"))
                .get("/api/v1/customer-accounts/" + account).json();
        assertEquals(List.of(de, cz).stream().sorted().toList(), strings(view, "organisations"));
        assertEquals("ap@tier1.example", view.getString("billingEmail"));

        JsonObject fleet = admin.get("/api/v1/fleet").json();
        assertTrue(fleet.getJsonArray("byAccount").getValuesAs(JsonObject.class).stream()
                .anyMatch(g -> !g.isNull("account") && g.getString("account").equals(account)
                        && g.getInt("liveOrganisations") == 2), fleet.toString());

        JsonObject me = anonymous.as(tokens.forGroups("tilda", "/orgs/" + de + "/admin", "/orgs/" + cz + "/admin"))
                .get("/api/v1/me").json();
        me.getJsonArray("organisations").getValuesAs(JsonObject.class)
                .forEach(o -> assertEquals(account, o.getString("customerAccount"), o.toString()));

        assertEquals(200, admin.patch("/api/v1/organisations/" + cz, "{\"customerAccount\":null}").status());
        assertEquals(List.of(de), strings(admin.get("/api/v1/customer-accounts/" + account).json(), "organisations"));
    }

    @Test
    void onlyPlatformAdminsMoveAnOrganisationBetweenAccounts() {
        String account = open(Fixtures.slug("sme-group"));
        String org = Fixtures.slug("sme-castings");
        Fixtures.register(org, "Novak Castings");
        Http orgAdmin = anonymous.as(tokens.forGroups("novak", "/orgs/" + org + "/admin"));
        assertProblem(orgAdmin.patch("/api/v1/organisations/" + org, "{\"customerAccount\":\"" + account + "\"}"), 403);
        assertProblem(orgAdmin.patch("/api/v1/organisations/" + org, "{\"customerAccount\":null}"), 403);
        JsonObject unchanged = orgAdmin.get("/api/v1/organisations/" + org).json();
        assertTrue(!unchanged.containsKey("customerAccount") || unchanged.isNull("customerAccount"), unchanged.toString());
        assertEquals(200, orgAdmin.patch("/api/v1/organisations/" + org, "{\"displayName\":\"Novak Castings s.r.o.\"}").status());
    }

    @Test
    void accountsArePlatformDataWithValidation() {
        String account = open(Fixtures.slug("logistics-group"));
        assertProblem(admin.post("/api/v1/customer-accounts", "{\"slug\":\"" + account + "\",\"displayName\":\"Again\"}"), 409);
        assertFieldError(admin.post("/api/v1/customer-accounts", "{\"slug\":\"Bad Slug\",\"displayName\":\"\","
                + "\"billingEmail\":\"not-an-email\"}"), "slug", "DNS label");
        assertFieldError(admin.post("/api/v1/organisations", "{\"slug\":\"" + Fixtures.slug("orphan")
                + "\",\"displayName\":\"Orphan\",\"customerAccount\":\"no-such-account\"}"), "customerAccount", "no customer account");
        assertProblem(admin.get("/api/v1/customer-accounts/no-such-account"), 404);
        Http orgAdmin = anonymous.as(tokens.forGroups("oem", "/orgs/oem-frankfurt/admin"));
        assertProblem(orgAdmin.get("/api/v1/customer-accounts"), 403);
        assertProblem(orgAdmin.post("/api/v1/customer-accounts", "{\"slug\":\"mine\",\"displayName\":\"Mine\"}"), 403);
        assertProblem(anonymous.as(tokens.forGroups("sam", "/platform/support"))
                .post("/api/v1/customer-accounts", "{\"slug\":\"mine\",\"displayName\":\"Mine\"}"), 403);
        assertProblem(new Http(Stack.get().byoc().baseUri()).as(tokens.platformAdmin()).get("/api/v1/customer-accounts"), 404);
    }
}
