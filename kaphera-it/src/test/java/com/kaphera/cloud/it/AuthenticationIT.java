package com.kaphera.cloud.it;

import static com.kaphera.cloud.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.LibertyServer;
import com.kaphera.cloud.it.support.Stack;
import com.kaphera.cloud.it.support.Tokens;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every token that is not a valid, unexpired, RS256-signed token of our issuer and audience is a 401. */
class AuthenticationIT {
    private static final String PATH = "/api/v1/organisations";
    private static Http http;
    private static Tokens tokens;

    @BeforeAll
    static void server() {
        http = new Http(Stack.get().managed().baseUri());
        tokens = Stack.get().tokens();
    }

    @Test
    void acceptsAValidToken() {
        assertEquals(200, http.as(tokens.platformAdmin()).get(PATH).status());
    }

    @Test
    void rejectsMissingToken() {
        Http.Response r = http.get(PATH);
        assertProblem(r, 401);
        assertTrue(r.header("WWW-Authenticate") != null && r.header("WWW-Authenticate").startsWith("Bearer"),
                "WWW-Authenticate: " + r.header("WWW-Authenticate"));
    }

    @Test
    void rejectsGarbageToken() {
        assertProblem(http.as("not-a-jwt").get(PATH), 401);
    }

    @Test
    void rejectsTokenSignedWithAnotherKey() {
        assertProblem(http.as(admin().signWithUntrustedKey()).get(PATH), 401);
    }

    @Test
    void rejectsExpiredToken() {
        // Far beyond the configured 30 s clock skew.
        assertProblem(http.as(admin().expiresInSeconds(-120).sign()).get(PATH), 401);
    }

    @Test
    void rejectsTokensThatNeverExpireAlsoForWatches() throws Exception {
        String forever = admin().withoutExpiry().sign();
        assertProblem(http.as(forever).get(PATH), 401);
        String org = Fixtures.slug("oem-frankfurt");
        String member = tokens.builder("forever", "/orgs/" + org + "/viewer").withoutExpiry().sign();
        try (var watch = http.as(member).events("/api/v1/organisations/" + org
                + "/resources/controlplanes.edc.kaphera.io?watch=true")) {
            assertEquals(401, watch.status());
        }
    }

    @Test
    void aServerWithoutAnExpectedAudienceRefusesToStart() throws Exception {
        // Liberty would start and accept tokens for any audience; the application refuses instead.
        LibertyServer server = Stack.get().variant("kaphera-it-no-audience", java.util.Map.of(), "MP_JWT_VERIFY_AUDIENCES");
        try {
            server.launch();
            String log = "";
            for (int i = 0; i < 180 && !log.contains("Token verification is not configured"); i++) {
                Thread.sleep(500);
                log = server.logTail();
            }
            assertTrue(log.contains("mp.jwt.verify.audiences"), log);
            // Not checked against the contract: the application did not start, yet Liberty still serves the
            // /openapi it scanned from it; no description can say what a server without its application answers.
            Http.Response r = new Http(server.baseUri()).withoutContractCheck("the application refused to start")
                    .as(tokens.platformAdmin()).get(PATH);
            assertTrue(r.status() != 200, "the API must not answer: " + r.status());
            assertTrue(new Http(server.baseUri()).get("/health/ready").status() != 200);
        } finally {
            server.stop();
        }
    }

    @Test
    void rejectsWrongIssuer() {
        assertProblem(http.as(admin().issuer("https://evil.example/realms/pilot").sign()).get(PATH), 401);
    }

    @Test
    void rejectsWrongAudience() {
        assertProblem(http.as(admin().audience("some-other-api").sign()).get(PATH), 401);
    }

    @Test
    void rejectsUnsignedAlgNoneToken() {
        assertProblem(http.as(admin().unsigned()).get(PATH), 401);
    }

    @Test
    void rejectsHs256TokenSignedWithThePublicKey() {
        assertProblem(http.as(admin().hs256WithPublicKey()).get(PATH), 401);
    }

    @Test
    void rejectsBasicAuthentication() {
        assertProblem(http.get(PATH, "Authorization", "Basic YWRtaW46YWRtaW4="), 401);
    }

    /**
     * A bearer token is usable only with its signature; Liberty's FFDC notice for a rejected token
     * quotes its header and payload, but no signature (of an accepted or a rejected token) may be logged.
     */
    @Test
    void neverLogsTokenSignatures() throws IOException {
        List<String> sent = List.of(tokens.platformAdmin(), admin().expiresInSeconds(-120).sign(),
                admin().audience("some-other-api").sign(), admin().issuer("https://evil.example").sign());
        sent.forEach(t -> http.as(t).get(PATH));
        String log = Stack.get().managed().messagesLog();
        for (String token : sent) {
            String signature = token.substring(token.lastIndexOf('.') + 1);
            assertFalse(log.contains(signature), "a token signature is in messages.log");
        }
    }

    private static Tokens.Builder admin() {
        return tokens.builder("platform-admin", "/platform/admin");
    }
}
