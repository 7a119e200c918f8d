package com.kaphera.cloud.governance.credentials;

import java.util.Locale;

/**
 * What a holder's Storage API answered to our CredentialMessage, read the way IdentityHub 0.15 means
 * it. Two answers look alike and are not:
 * <ul>
 * <li>409 because the holder request is leased by another runtime of the wallet at that moment
 *     (IdentityHub's leases are re-entrant within one runtime, so a single wallet never answers this;
 *     replicas over one SQL store can): nothing was stored, the message must be sent again
 *     ({@link #busy});</li>
 * <li>409 for anything else: the credentials are stored already (an earlier attempt got through and
 *     only its answer was lost), which is a delivery ({@link #delivered}).</li>
 * </ul>
 * 404 and 400 soon after the request mean the wallet has not recorded its request yet ({@link #notRecordedYet}).
 */
public record WalletAnswer(int status, String body) {
    /** Keeps at most this much of the wallet's answer: enough for its error message, never a large body. */
    static final int BODY_LIMIT = 2_000;

    public WalletAnswer {
        body = body == null ? "" : body.length() > BODY_LIMIT ? body.substring(0, BODY_LIMIT) : body;
    }

    /** Stored now, or held already from an earlier attempt. */
    public boolean delivered() {
        return status / 100 == 2 || status == 409 && !busy();
    }

    /** The wallet holds the lease on its request right now (IdentityHub: "Cannot acquire lease, is already leased by someone else!"). */
    public boolean busy() {
        return status == 409 && body.toLowerCase(Locale.ROOT).contains("lease");
    }

    /** The wallet does not know the request named in the message (yet). */
    public boolean notRecordedYet() {
        return status == 404 || status == 400;
    }
}
