package com.kaphera.cloud.governance.credentials.dcp;

import jakarta.json.JsonObject;
import java.util.function.Predicate;

/**
 * Resolves a DID to its DID document. {@link HttpDidResolver} fetches did:web documents over HTTP; the server may
 * answer its own issuer DIDs from the database, and tests use a map.
 */
@FunctionalInterface
public interface DidResolver {

    /**
     * The DID document of {@code did}, whose {@code id} is {@code did}.
     *
     * @throws DidResolutionException if it cannot be had; the reason says why
     */
    JsonObject resolve(String did);

    /**
     * This resolver, limited to the DIDs {@code allowed} accepts; others fail with
     * {@link DidResolutionException.Reason#NOT_ALLOWED} before any network request. Resolving a DID taken from an
     * unauthenticated token means fetching a URL a stranger chose: limit it to the dataspace's known participants.
     */
    default DidResolver onlyFor(Predicate<String> allowed) {
        return did -> {
            if (!allowed.test(did)) {
                throw new DidResolutionException(DidResolutionException.Reason.NOT_ALLOWED,
                        "The DID " + Untrusted.quote(did) + " is not one this server resolves.");
            }
            return resolve(did);
        };
    }
}
