package com.kaphera.cloud.governance.credentials;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The one call our issuer makes to a holder's wallet: a DCP CredentialMessage to its Storage API,
 * through MicroProfile Fault Tolerance. A timeout bounds the whole exchange (the delivery holds its
 * issuance's row lock meanwhile) and a bulkhead keeps slow wallets from taking every thread. There
 * is no circuit breaker: one breaker would be shared by every holder's wallet, so one wallet that is
 * down would stop deliveries to all the others; each issuance backs off on its own instead
 * ({@link CredentialIssuance#attemptFailed}).
 */
@ApplicationScoped
public class HolderStorage {
    /** Above the HTTP client's own 5 s request timeout, which normally answers first; this is the backstop. */
    static final long TIMEOUT_SECONDS = 7;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Resolution.TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** POSTs {@code message} to {@code endpoint}/credentials with our bearer token; the wallet's answer. */
    @Timeout(value = TIMEOUT_SECONDS, unit = ChronoUnit.SECONDS)
    @Bulkhead(8)
    public WalletAnswer deliver(String endpoint, String token, String message) throws IOException, InterruptedException {
        HttpResponse<InputStream> answer = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/credentials"))
                        .timeout(Resolution.TIMEOUT).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(message)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        // Only the start of the answer is read (its error message); closing the stream drops the rest.
        try (InputStream body = answer.body()) {
            return new WalletAnswer(answer.statusCode(),
                    new String(body.readNBytes(WalletAnswer.BODY_LIMIT), StandardCharsets.UTF_8));
        }
    }
}
