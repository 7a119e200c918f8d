package com.kaphera.cloud.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.Stack;
import jakarta.json.JsonObject;
import java.util.concurrent.ThreadLocalRandom;

/** Test data shared by the integration tests: pilot-flavoured, unique per test run. */
final class Fixtures {
    private Fixtures() {
    }

    /** Unique per test, pilot-flavoured: "tier1-gmbh-482113". */
    static String slug(String base) {
        return base + "-" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    }

    /** A unique Catena-X business partner number (BPNL + 12 letters or digits). */
    static String bpnl() {
        return "BPNL" + String.format("%012d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
    }

    /** A did:web DID that names an organisation's wallet (nothing needs to answer at it). */
    static String holderDid(String org) {
        return "did:web:wallet.kaphera.test:" + org;
    }

    /**
     * Registers an organisation in the managed server, as a platform admin, and onboards it into the
     * Kubernetes cluster (its namespace and the server's RoleBinding there) as the cluster's
     * administrator would.
     */
    static JsonObject register(String slug, String displayName) {
        Stack stack = Stack.get();
        Http admin = new Http(stack.managed().baseUri()).as(stack.tokens().platformAdmin());
        Http.Response r = admin.post("/api/v1/organisations", "{\"slug\":\"" + slug + "\",\"displayName\":\""
                + displayName + "\",\"legalEntityId\":\"BPNL00000003AYRE\"}");
        assertEquals(201, r.status(), r.body());
        stack.kubernetes().onboard(slug);
        return r.json();
    }
}
