package com.kaphera.cloud.join;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SafetyNetTest {

    @Test
    void aJoinWaitingForItsWalletLooksAgainLessOftenTheLongerItWaitsBetweenFiveAndThirtySeconds() {
        assertEquals(Duration.ofSeconds(5), JoinSteps.safetyNet(Duration.ZERO));
        assertEquals(Duration.ofSeconds(5), JoinSteps.safetyNet(Duration.ofSeconds(-3)));
        assertEquals(Duration.ofSeconds(5), JoinSteps.safetyNet(Duration.ofSeconds(19)));
        assertEquals(Duration.ofSeconds(10), JoinSteps.safetyNet(Duration.ofSeconds(40)));
        assertEquals(Duration.ofSeconds(30), JoinSteps.safetyNet(Duration.ofSeconds(120)));
        assertEquals(Duration.ofSeconds(30), JoinSteps.safetyNet(Duration.ofHours(3)));
    }

    @Test
    void askingTheWalletAgainUsesANewHolderPidBecauseIdentityHubIgnoresOneItHasSeen() {
        String base = "join-0190";
        assertEquals(base, JoinSteps.nextHolderPid(base, null));
        assertEquals(base + "-2", JoinSteps.nextHolderPid(base, base));
        assertEquals(base + "-3", JoinSteps.nextHolderPid(base, base + "-2"));
        assertEquals(base + "-11", JoinSteps.nextHolderPid(base, base + "-10"));
        assertEquals(base, JoinSteps.nextHolderPid(base, "join-other"));
        assertEquals(base + "-2", JoinSteps.nextHolderPid(base, base + "-x"));
    }
}
