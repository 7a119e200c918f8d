package com.kaphera.cloud.governance.credentials.dcp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Fetches a status list credential over HTTP(S), asking for the signed form ({@code Accept: application/vc+jwt}): an
 * unsigned JSON answer is refused, since nothing would then vouch for the bits. No caching: put one in front
 * (until the credential's {@code expirationDate}) if verification runs often.
 */
public final class HttpStatusListFetcher implements StatusListFetcher {
    private final BoundedHttpGet http;

    /**
     * @param client   the HTTP client
     * @param timeout  how long one fetch may take
     * @param maxBytes the largest answer accepted (a minimal list is ≈ 200 bytes compressed; a few KiB are plenty)
     */
    public HttpStatusListFetcher(HttpClient client, Duration timeout, int maxBytes) {
        this.http = new BoundedHttpGet(client, timeout, maxBytes);
    }

    @Override
    public String fetch(URI statusListCredential) {
        String scheme = statusListCredential.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
            throw new StatusListUnavailableException("The status list address " + Untrusted.quote(statusListCredential.toString())
                    + " is not an http(s) URL.");
        }
        BoundedHttpGet.Answer answer;
        try {
            answer = http.get(statusListCredential, StatusListCredential.JWT_MEDIA_TYPE);
        } catch (IOException e) {
            throw new StatusListUnavailableException("The status list at " + statusListCredential + " could not be fetched ("
                    + e.getClass().getSimpleName() + ").");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatusListUnavailableException("Fetching the status list at " + statusListCredential + " was interrupted.");
        }
        if (answer.tooLarge()) {
            throw new StatusListUnavailableException("The status list at " + statusListCredential + " is larger than accepted.");
        }
        if (answer.status() != 200) {
            throw new StatusListUnavailableException("The status list at " + statusListCredential + " answered HTTP " + answer.status() + ".");
        }
        String body = answer.body().strip();
        if (body.startsWith("{")) {
            throw new StatusListUnavailableException("The status list at " + statusListCredential
                    + " was served as unsigned JSON; a signed VC-JWT is needed to trust it.");
        }
        return body;
    }
}
