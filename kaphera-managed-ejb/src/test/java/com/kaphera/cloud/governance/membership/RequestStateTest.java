package com.kaphera.cloud.governance.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.common.ConflictException;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class RequestStateTest {
    @Test
    void finalStatesGoNowhereAndOpenOnesCanAlwaysBeWithdrawnOrRejected() {
        for (RequestState s : RequestState.values()) {
            if (s.isOpen()) {
                assertTrue(s.next().containsAll(EnumSet.of(RequestState.WITHDRAWN, RequestState.REJECTED)), s.id());
            } else {
                assertTrue(s.next().isEmpty(), s.id());
                ConflictException e = assertThrows(ConflictException.class, () -> s.requireCanMoveTo(RequestState.VALIDATING));
                assertTrue(e.getMessage().contains("final"), e.getMessage());
            }
        }
    }

    @Test
    void aSubmittedRequestIsCheckedBeforeAnyoneApprovesIt() {
        assertThrows(ConflictException.class, () -> RequestState.SUBMITTED.requireCanMoveTo(RequestState.APPROVED));
        RequestState.VALIDATING.requireCanMoveTo(RequestState.AWAITING_APPROVAL);
        RequestState.AWAITING_APPROVAL.requireCanMoveTo(RequestState.VALIDATING);
    }

    @Test
    void idsAreTheApisWords() {
        assertEquals("awaiting-approval", RequestState.AWAITING_APPROVAL.id());
        assertEquals(RequestState.AWAITING_APPROVAL, RequestState.fromId("awaiting-approval"));
    }
}
