package com.kaphera.cloud.governance.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WalletAnswerTest {
    // IdentityHub 0.15.1's answers, as its exception mapper writes them.
    private static final String LEASED = "[{\"message\":\"Cannot acquire lease, is already leased by someone else!\","
            + "\"type\":\"ObjectConflict\",\"path\":null,\"invalidValue\":null}]";
    private static final String EXISTS = "[{\"message\":\"An entity with ID urn:uuid:1 already exists\","
            + "\"type\":\"ObjectConflict\",\"path\":null,\"invalidValue\":null}]";

    @Test
    void aConflictOverTheRequestsLeaseIsNotADeliveryButOneOverAStoredCredentialIs() {
        WalletAnswer busy = new WalletAnswer(409, LEASED);
        assertTrue(busy.busy());
        assertFalse(busy.delivered(), "the wallet stored nothing while its state machine held the request");
        WalletAnswer held = new WalletAnswer(409, EXISTS);
        assertFalse(held.busy());
        assertTrue(held.delivered(), "an earlier attempt got through");
        assertTrue(new WalletAnswer(409, "").delivered());
    }

    @Test
    void successNotRecordedYetAndFailures() {
        assertTrue(new WalletAnswer(200, "").delivered());
        assertTrue(new WalletAnswer(204, null).delivered());
        assertTrue(new WalletAnswer(404, "").notRecordedYet());
        assertTrue(new WalletAnswer(400, "").notRecordedYet());
        for (int status : new int[] {400, 401, 403, 404, 500, 503}) {
            assertFalse(new WalletAnswer(status, LEASED).delivered(), "HTTP " + status);
            assertFalse(new WalletAnswer(status, LEASED).busy(), "HTTP " + status);
        }
    }

    @Test
    void aLargeAnswerIsNotKeptWhole() {
        assertEquals(WalletAnswer.BODY_LIMIT, new WalletAnswer(500, "x".repeat(1_000_000)).body().length());
    }
}
