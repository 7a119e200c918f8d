package com.kaphera.cloud.it;

import static com.kaphera.cloud.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.Stack;
import com.kaphera.cloud.it.support.Tokens;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /api/v1/me: the multi-organisation view a console draws from. */
class MeIT {
    private static Http anonymous;
    private static Tokens tokens;
    private static String de;
    private static String cz;

    @BeforeAll
    static void tier1() {
        Stack stack = Stack.get();
        anonymous = new Http(stack.managed().baseUri());
        tokens = stack.tokens();
        de = Fixtures.slug("tier1-components-de");
        cz = Fixtures.slug("tier1-components-cz");
        Fixtures.register(de, "Tier-1 Components GmbH");
        Fixtures.register(cz, "Tier-1 Components s.r.o.");
    }

    private static List<String> permissions(JsonObject membership) {
        return membership.getJsonArray("permissions").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    @Test
    void oneUserWithTwoLegalEntitiesSeesBothWithRolesAndPermissions() {
        Http tilda = anonymous.as(tokens.forGroups("tilda.tier1", "/orgs/" + de + "/admin", "/orgs/" + cz + "/viewer",
                "/orgs/not-registered-yet/operator", "/dataspaces/automotive-dataspace/authority-admin", "/other/group"));
        Http.Response r = tilda.get("/api/v1/me");
        assertEquals(200, r.status(), r.body());
        JsonObject me = r.json();
        assertEquals("tilda.tier1", me.getString("subject"));
        assertEquals("tilda.tier1", me.getString("username"));
        assertEquals("tilda.tier1@pilot.example", me.getString("email"));
        assertFalse(me.getBoolean("readsEveryOrganisation"));
        assertEquals(List.of(), me.getJsonArray("platformPermissions"));
        List<JsonObject> orgs = me.getJsonArray("organisations").getValuesAs(JsonObject.class);
        assertEquals(List.of("not-registered-yet", de, cz).stream().sorted().toList(),
                orgs.stream().map(o -> o.getString("slug")).toList());
        JsonObject gmbh = orgs.stream().filter(o -> o.getString("slug").equals(de)).findFirst().orElseThrow();
        assertEquals("admin", gmbh.getString("role"));
        assertEquals("Tier-1 Components GmbH", gmbh.getString("displayName"));
        assertTrue(gmbh.getBoolean("registered"));
        assertTrue(permissions(gmbh).containsAll(List.of("resources:write", "members:manage", "billing:manage")));
        JsonObject sro = orgs.stream().filter(o -> o.getString("slug").equals(cz)).findFirst().orElseThrow();
        // A viewer sees the cost preview, not invoices.
        assertEquals(List.of("organisation:read", "resources:read", "resources:watch", "audit:read", "billing:preview",
                "memberships:read", "joins:read"), permissions(sro));
        JsonObject unknown = orgs.stream().filter(o -> o.getString("slug").equals("not-registered-yet")).findFirst().orElseThrow();
        assertFalse(unknown.getBoolean("registered"));
        assertEquals(List.of("authority-admin"), me.getJsonObject("dataspaceRoles")
                .getJsonArray("automotive-dataspace").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());
        assertEquals(List.of("governance:read", "governance:manage", "requests:decide", "joins:intervene"), me.getJsonObject("dataspacePermissions")
                .getJsonArray("automotive-dataspace").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());
    }

    @Test
    void platformStaffAreFlaggedAndUnauthenticatedCallersRefused() {
        JsonObject support = anonymous.as(tokens.forGroups("sam.support", "/platform/support")).get("/api/v1/me").json();
        assertTrue(support.getBoolean("readsEveryOrganisation"));
        assertEquals(List.of("support"), support.getJsonArray("platformRoles").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList());
        assertEquals(List.of("customer-accounts:read", "fleet:read", "platform-audit:read", "billing:read"), support.getJsonArray("platformPermissions")
                .getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());
        assertProblem(anonymous.get("/api/v1/me"), 401);
    }
}
