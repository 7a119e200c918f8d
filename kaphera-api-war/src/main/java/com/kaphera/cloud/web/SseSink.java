package com.kaphera.cloud.web;

import com.kaphera.cloud.crd.watch.WatchSink;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way our streams (a resource watch, a join's events) send Server-Sent Events. Sends are
 * serialised (a watch thread and a heartbeat thread may share the stream) and awaited, so a client
 * that went away is noticed at the next send.
 */
public final class SseSink implements WatchSink {
    private static final long SEND_TIMEOUT_SECONDS = 10;

    private final SseEventSink sink;
    private final Sse sse;

    public SseSink(SseEventSink sink, Sse sse) {
        this.sink = sink;
        this.sse = sse;
    }

    @Override
    public synchronized boolean send(String type, String id, String json) {
        OutboundSseEvent.Builder event = sse.newEventBuilder()
                .name(type)
                .mediaType(MediaType.TEXT_PLAIN_TYPE) // the data is already JSON text; do not re-encode it
                .data(String.class, json);
        if (id != null) {
            event.id(id);
        }
        return deliver(event.build());
    }

    @Override
    public synchronized boolean heartbeat() {
        return deliver(sse.newEventBuilder().comment("heartbeat").build());
    }

    @Override
    public void close() {
        try {
            sink.close();
        } catch (java.io.IOException | RuntimeException e) {
            // already closed by the client; nothing to release
        }
    }

    private boolean deliver(OutboundSseEvent event) {
        if (sink.isClosed()) {
            return false;
        }
        try {
            CompletionStage<?> sent = sink.send(event);
            sent.toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false;
        }
    }
}
