package com.kaphera.cloud.governance.credentials.dcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A plain HTTP GET whose whole exchange (headers and body) is bounded in time and whose body is read up to a size
 * cap, shared by the DID resolver and the status list fetcher: both fetch documents from addresses found in data
 * others wrote, so neither may wait or read without bound (a slowly dripping or endless body included).
 */
final class BoundedHttpGet {
    /** The outcome of a GET: the status and the body, or that the body was over the cap. */
    record Answer(int status, String body, boolean tooLarge) {
    }

    private final HttpClient client;
    private final Duration timeout;
    private final int maxBytes;

    BoundedHttpGet(HttpClient client, Duration timeout, int maxBytes) {
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The timeout must be positive.");
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("The size cap must be positive.");
        }
        this.maxBytes = maxBytes;
    }

    /**
     * GETs {@code url}.
     *
     * @throws IOException          if the host cannot be reached or the exchange does not finish in time
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    Answer get(URI url, String accept) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", accept).GET().build();
        CompletableFuture<HttpResponse<Capped>> exchange = client.sendAsync(request, info -> new CappedBody(maxBytes));
        try {
            HttpResponse<Capped> response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Capped body = response.body();
            return new Answer(response.statusCode(), body.tooLarge() ? null : new String(body.bytes(), StandardCharsets.UTF_8),
                    body.tooLarge());
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("No complete answer from " + url + " within " + timeout);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private record Capped(byte[] bytes, boolean tooLarge) {
    }

    /** Collects the body up to the cap; past it, cancels the transfer and reports "too large". */
    private static final class CappedBody implements HttpResponse.BodySubscriber<Capped> {
        private final CompletableFuture<Capped> result = new CompletableFuture<>();
        private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
        private final int maxBytes;
        private Flow.Subscription subscription;

        CappedBody(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<Capped> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (collected.size() + buffer.remaining() > maxBytes) {
                    result.complete(new Capped(null, true));
                    subscription.cancel();
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                collected.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(new Capped(collected.toByteArray(), false));
        }
    }
}
