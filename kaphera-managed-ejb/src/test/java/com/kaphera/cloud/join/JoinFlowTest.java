package com.kaphera.cloud.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JoinFlowTest {
    private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");

    private static JoinFlow join() {
        return new JoinFlow("sme-castings", UUID.randomUUID(), DeploymentModel.SHARED_MANAGED, "key-1", "hash", "anna",
                Map.of("inputs", "{}"), T0);
    }

    @Test
    void aNewJoinRunsItsRequestStepAtOnce() {
        JoinFlow j = join();
        assertEquals(JoinState.RUNNING, j.state());
        assertEquals(JoinStep.REQUEST, j.currentStep());
        assertEquals(T0, j.nextAttemptAt());
        assertEquals(StepRecord.WORKING, j.record(JoinStep.REQUEST).status());
        assertEquals(List.of(StepRecord.WORKING, StepRecord.PENDING, StepRecord.PENDING, StepRecord.PENDING, StepRecord.PENDING),
                j.steps().stream().map(StepRecord::status).toList());
        assertEquals(List.of("retry", "cancel"), JoinView.nextActions(j));
    }

    @Test
    void eachFinishedStepStartsTheNextAndTheLastOneSucceeds() {
        JoinFlow j = join();
        Instant t = T0;
        for (JoinStep step : JoinStep.values()) {
            t = t.plusSeconds(1);
            j.stepFinished(j.record(step).done(t, step.id() + " done"), t);
        }
        assertEquals(JoinState.SUCCEEDED, j.state());
        assertTrue(j.step().isEmpty());
        assertNull(j.nextAttemptAt());
        assertNull(j.waitingFor());
        assertNotNull(j.finishedAt());
        assertTrue(j.steps().stream().allMatch(r -> StepRecord.DONE.equals(r.status()) && r.finishedAt() != null));
        assertEquals(List.of(), JoinView.nextActions(j));
    }

    @Test
    void failedAttemptsAreCountedScheduledAndResetByAPersonsRetry() {
        JoinFlow j = join();
        j.attemptFailed("wallet down", T0.plusSeconds(2), T0);
        j.attemptFailed("wallet down", T0.plusSeconds(6), T0.plusSeconds(2));
        assertEquals(2, j.attempt());
        assertEquals(T0.plusSeconds(6), j.nextAttemptAt());
        assertEquals("wallet down", j.record(JoinStep.REQUEST).lastError());
        assertEquals(2, j.record(JoinStep.REQUEST).failedAttempts());
        j.failed("wallet down", "Gave up", T0.plusSeconds(7));
        assertEquals(JoinState.FAILED, j.state());
        assertNull(j.nextAttemptAt());
        assertTrue(j.outcome().contains("request"));
        j.retried("support", T0.plusSeconds(60));
        assertEquals(JoinState.RUNNING, j.state());
        assertEquals(0, j.attempt());
        assertEquals(T0.plusSeconds(60), j.nextAttemptAt());
        assertNull(j.finishedAt());
        assertTrue(j.record(JoinStep.REQUEST).text().startsWith("Retried by support"));
    }

    @Test
    void waitingForAPersonNamesWhomAndIsNotScheduledUntilWoken() {
        JoinFlow j = join();
        j.awaitPerson(JoinState.AWAITING_AUTHORITY, "the governance authority of X", "Waiting for X", T0);
        assertEquals(JoinState.AWAITING_AUTHORITY, j.state());
        assertEquals("the governance authority of X", j.waitingFor());
        assertNull(j.nextAttemptAt());
        assertEquals(StepRecord.WAITING, j.record(JoinStep.REQUEST).status());
        j.wake(T0.plusSeconds(5));
        assertEquals(JoinState.RUNNING, j.state());
        assertNull(j.waitingFor());
        assertEquals(T0.plusSeconds(5), j.nextAttemptAt());
    }

    @Test
    void aSkippedStepRecordsWhoAndWhyAndTheJoinGoesOn() {
        JoinFlow j = join();
        j.stepFinished(j.record(JoinStep.REQUEST).done(T0, "ok"), T0);
        j.stepFinished(j.record(JoinStep.IDENTITY).skipped(T0, "greta", "wallet set up by hand"), T0);
        StepRecord skipped = j.record(JoinStep.IDENTITY);
        assertEquals(StepRecord.SKIPPED, skipped.status());
        assertEquals("greta", skipped.skippedBy());
        assertEquals("wallet set up by hand", skipped.skipReason());
        assertEquals(JoinStep.CREDENTIAL, j.currentStep());
    }

    @Test
    void detailsAccumulateAndTheViewShowsOnlyKnownOnes() {
        JoinFlow j = join();
        j.putDetails(Map.of(JoinSteps.DID, "did:web:wallet:x", "secret-looking", "nope"));
        assertEquals("did:web:wallet:x", j.detail(JoinSteps.DID));
        // Read (and parsed) once, then changed: the next read sees the change.
        j.putDetails(Map.of(JoinSteps.DID, "did:web:wallet:y"));
        assertEquals("did:web:wallet:y", j.detail(JoinSteps.DID));
        j.details().put(JoinSteps.DID, "a copy, not the join");
        assertEquals("did:web:wallet:y", j.detail(JoinSteps.DID));
        var view = JoinView.of(j, "automotive-dataspace");
        assertEquals("did:web:wallet:y", view.getJsonObject("details").getString("did"));
        assertTrue(!view.getJsonObject("details").containsKey("secret-looking"));
        assertTrue(!view.getJsonObject("details").containsKey("inputs"));
        assertEquals("running", view.getString("state"));
        assertEquals(JoinStep.REQUEST.working(), view.getString("text"));
    }

    @Test
    void backoffDoublesWithEqualJitterAndIsCapped() {
        JoinEngine engine = new JoinEngine();
        engine.retryBaseMillis = 1000;
        engine.retryMaxMillis = 8000;
        for (int attempt = 1; attempt <= 6; attempt++) {
            long full = Math.min(8000, 1000L << (attempt - 1));
            for (int i = 0; i < 50; i++) {
                Duration d = engine.backoff(attempt);
                assertTrue(d.toMillis() >= full / 2 && d.toMillis() <= full, attempt + ": " + d);
            }
        }
    }
}
