package com.kaphera.cloud.it;

import static com.kaphera.cloud.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.Stack;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** PostgreSQL goes away and comes back; the server follows without a restart. */
class DatabaseOutageIT {

    @Test
    void readinessGoesDownAndUpWithPostgresAndRequestsGet503Meanwhile() {
        Stack stack = Stack.get();
        Http http = new Http(stack.managed().baseUri());
        Http admin = http.as(stack.tokens().platformAdmin());
        assertEquals(200, http.get("/health/ready").status());
        stack.postgres().stop();
        try {
            awaitStatus(http, "/health/ready", 503, Duration.ofSeconds(60));
            assertEquals(200, http.get("/health/live").status(), "a lost database is no reason to restart");
            Http.Response during = admin.get("/api/v1/organisations");
            assertProblem(during, 503);
            assertNotNull(during.header("Retry-After"));
        } finally {
            stack.postgres().start();
        }
        awaitStatus(http, "/health/ready", 200, Duration.ofSeconds(60));
        assertEquals(200, admin.get("/api/v1/organisations").status());
    }

    private static void awaitStatus(Http http, String path, int status, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        int last = -1;
        while (Instant.now().isBefore(deadline)) {
            last = http.get(path).status();
            if (last == status) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError(path + " did not become " + status + " within " + timeout + " (last " + last + ")");
    }
}
