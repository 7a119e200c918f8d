package com.kaphera.cloud.governance.credentials;

import java.util.UUID;

/**
 * Credentials were issued to a holder at its wallet's request, or delivered to its wallet: fired
 * inside that transaction, so that a join waiting for them is woken in the same commit.
 */
public record CredentialsIssued(String organisation, UUID dataspaceId, String holderDid) {
}
