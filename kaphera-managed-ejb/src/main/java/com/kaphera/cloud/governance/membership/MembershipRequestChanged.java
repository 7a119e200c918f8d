package com.kaphera.cloud.governance.membership;

import java.util.UUID;

/**
 * A membership request moved (checks ran, a step was approved, it was approved, rejected or
 * withdrawn): fired synchronously inside the transaction that moved it, so that whoever waits on
 * the request (a join) is woken in the same commit.
 */
public record MembershipRequestChanged(String organisation, UUID dataspaceId, UUID requestId) {
}
