package com.kaphera.cloud.governance.credentials.api;

import com.kaphera.cloud.governance.credentials.CredentialIssuance;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A delivery of issued credentials to a holder's wallet. */
@Schema(name = "CredentialDelivery")
public record DeliveryView(String issuerPid, String holderDid, String holderPid, String state, int attempts,
        Instant nextAttemptAt, String lastError, Instant deliveredAt) {

    static DeliveryView of(CredentialIssuance i) {
        return new DeliveryView(i.id().toString(), i.holderDid(), i.holderPid(), i.state(), i.attempts(), i.nextAttemptAt(),
                i.lastError(), i.deliveredAt());
    }
}
