package com.kaphera.cloud.crd.watch;

/**
 * Where a watch delivers its events (the HTTP edge adapts a Server-Sent Events sink). Each method
 * answers false once the client has gone, which ends the watch.
 */
public interface WatchSink {
    /** One event: {@code type} ADDED/MODIFIED/DELETED or ERROR, {@code id} the resourceVersion. */
    boolean send(String type, String id, String json);

    /** A keep-alive that carries no event; also how a silent disconnect is noticed. */
    boolean heartbeat();

    void close();
}
