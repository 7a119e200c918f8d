package com.kaphera.cloud.governance.credentials.dcp;

import java.net.URI;

/**
 * Gets the signed status list credential (VC-JWT) published at an address. The server answers its own dataspaces'
 * lists from the database and uses {@link HttpStatusListFetcher} for the rest.
 */
@FunctionalInterface
public interface StatusListFetcher {

    /**
     * The VC-JWT published at {@code statusListCredential}.
     *
     * @throws StatusListUnavailableException if it cannot be had
     */
    String fetch(URI statusListCredential);
}
