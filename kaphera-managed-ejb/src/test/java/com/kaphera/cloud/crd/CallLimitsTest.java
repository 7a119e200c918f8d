package com.kaphera.cloud.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.common.TooManyRequestsException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallLimitsTest {

    private static CallLimits limits(int perCaller, int perOrganisation) {
        CallLimits limits = new CallLimits();
        limits.perCaller = perCaller;
        limits.perOrganisation = perOrganisation;
        return limits;
    }

    /** Holds {@code n} calls of {@code caller} in {@code org} open until {@code release} counts down. */
    private static ExecutorService hold(CallLimits limits, String caller, String org, int n, CountDownLatch release)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch inside = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            pool.submit(() -> limits.call(caller, org, () -> {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
        }
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        return pool;
    }

    @Test
    void aCallerBeyondItsShareIsRefusedAtOnceWhileOthersGoOn() throws Exception {
        CallLimits limits = limits(2, 10);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = hold(limits, "ci-bot", "logistics", 2, release);
        TooManyRequestsException e = assertThrows(TooManyRequestsException.class,
                () -> limits.call("ci-bot", "logistics", () -> "third"));
        assertEquals(1, e.retryAfterSeconds());
        assertEquals("other", limits.call("petra", "logistics", () -> "other"));
        release.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        assertEquals("again", limits.call("ci-bot", "logistics", () -> "again"), "permits come back");
    }

    @Test
    void anOrganisationBeyondItsShareIsRefusedWhileAnotherGoesOn() throws Exception {
        CallLimits limits = limits(10, 3);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = hold(limits, "ci-bot", "logistics", 3, release);
        assertThrows(TooManyRequestsException.class, () -> limits.call("another-bot", "logistics", () -> "x"));
        assertEquals("answered", limits.call("petra", "sme-castings", () -> "answered"));
        release.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void aFailingCallGivesItsPermitsBack() {
        CallLimits limits = limits(1, 1);
        assertThrows(IllegalStateException.class, () -> limits.call("ci-bot", "logistics", () -> {
            throw new IllegalStateException("boom");
        }));
        assertEquals("ok", limits.call("ci-bot", "logistics", () -> "ok"));
    }
}
