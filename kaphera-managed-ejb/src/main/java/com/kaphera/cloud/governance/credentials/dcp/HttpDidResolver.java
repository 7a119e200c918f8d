package com.kaphera.cloud.governance.credentials.dcp;

import com.kaphera.cloud.governance.credentials.dcp.DidResolutionException.Reason;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Resolves did:web DIDs by GETting {@code did.json} from the address the DID names (see {@link DidWeb}). The answer
 * must be 200, at most {@code maxBytes} long, a JSON object, and its {@code id} must be the DID asked for (EDC's own
 * resolver skips that last check; we do not). Redirects follow the given client's policy ({@code HttpClient}'s default
 * is not to follow them). No caching: callers that resolve often put a cache in front.
 */
public final class HttpDidResolver implements DidResolver {
    private final BoundedHttpGet http;
    private final boolean useHttps;

    /**
     * @param client   the HTTP client (its connect timeout, proxy and redirect policy apply)
     * @param useHttps true in production; false maps did:web to http://, for local development and tests only
     * @param timeout  how long one request may take
     * @param maxBytes the largest DID document accepted
     */
    public HttpDidResolver(HttpClient client, boolean useHttps, Duration timeout, int maxBytes) {
        this.http = new BoundedHttpGet(client, timeout, maxBytes);
        this.useHttps = useHttps;
    }

    @Override
    public JsonObject resolve(String did) {
        URI url;
        try {
            url = DidWeb.documentUrl(did, useHttps);
        } catch (MalformedDidException e) {
            throw new DidResolutionException(Reason.MALFORMED_DID, e.getMessage());
        }
        BoundedHttpGet.Answer answer;
        try {
            answer = http.get(url, "application/did+json, application/json");
        } catch (IOException e) {
            throw new DidResolutionException(Reason.UNREACHABLE, "The DID document of " + did + " could not be fetched from "
                    + url + " (" + e.getClass().getSimpleName() + ").");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DidResolutionException(Reason.UNREACHABLE, "Fetching the DID document of " + did + " was interrupted.");
        }
        if (answer.tooLarge()) {
            throw new DidResolutionException(Reason.TOO_LARGE, "The DID document of " + did + " at " + url + " is larger than accepted.");
        }
        if (answer.status() != 200) {
            throw new DidResolutionException(Reason.NOT_FOUND, "The DID document of " + did + " at " + url
                    + " answered HTTP " + answer.status() + ", not 200.");
        }
        JsonObject document = JsonValues.parseObject(answer.body()).orElseThrow(() -> new DidResolutionException(Reason.NOT_JSON,
                "The DID document of " + did + " at " + url + " is not a JSON object."));
        String id = JsonValues.string(document, "id").orElse(null);
        if (!did.equals(id)) {
            throw new DidResolutionException(Reason.ID_MISMATCH, "The DID document at " + url + " is for " + Untrusted.quote(id)
                    + ", not for " + did + ".");
        }
        return document;
    }
}
