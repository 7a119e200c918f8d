package com.kaphera.cloud.join.api;

import com.kaphera.cloud.join.JoinEvent;
import com.kaphera.cloud.join.JoinEvents;
import com.kaphera.cloud.web.SseSink;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Live join trackers: each open stream reads the join's events from the database after the last id
 * it sent (every {@value #POLL_MILLIS} ms, so it sees what any server's workers wrote), sends them
 * as Server-Sent Events with that id, and ends after the event that made the join final, when the
 * caller's token expires, or when the client goes away. A heartbeat comment every 15 s keeps proxies
 * from closing a quiet stream. At most {@code kaphera.join.max-event-streams} streams are open.
 */
@ApplicationScoped
public class JoinEventStreams {
    static final long POLL_MILLIS = 250;
    private static final long HEARTBEAT_MILLIS = 15_000;
    private static final Set<String> FINAL = Set.of("succeeded", "cancelled", "failed");

    @EJB
    JoinEvents events;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "kaphera.join.max-event-streams", defaultValue = "200")
    @jakarta.inject.Inject
    int maxStreams;

    private final AtomicInteger open = new AtomicInteger();

    /** Whether another stream may open now (false: answer 429). */
    boolean reserve() {
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Streams the join's events after {@code afterSeq} until it is final (a slot was {@link #reserve reserved}). */
    void stream(UUID joinId, long afterSeq, Instant notAfter, SseEventSink sink, Sse sse) {
        Stream stream = new Stream(joinId, afterSeq, notAfter, sink, sse);
        stream.future = scheduler.scheduleWithFixedDelay(stream::poll, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void closeAll() {
        // the scheduler's tasks end with the application; the sinks are closed by the runtime
    }

    private final class Stream {
        private final UUID joinId;
        private final Instant notAfter;
        private final SseEventSink sink;
        private final SseSink out;
        private long lastSeq;
        private long lastSent = System.currentTimeMillis();
        private boolean closed;
        volatile ScheduledFuture<?> future;

        Stream(UUID joinId, long afterSeq, Instant notAfter, SseEventSink sink, Sse sse) {
            this.joinId = joinId;
            this.lastSeq = afterSeq;
            this.notAfter = notAfter;
            this.sink = sink;
            this.out = new SseSink(sink, sse);
        }

        synchronized void poll() {
            if (closed) {
                return;
            }
            try {
                if (sink.isClosed() || notAfter != null && Instant.now().isAfter(notAfter)) {
                    close();
                    return;
                }
                List<JoinEvent> batch = events.after(joinId, lastSeq, 100);
                for (JoinEvent e : batch) {
                    if (!sent(out.send(e.type(), Long.toString(e.seq()), e.data()))) {
                        close();
                        return;
                    }
                    lastSeq = e.seq();
                    if (FINAL.contains(state(e.data()))) {
                        close();
                        return;
                    }
                }
                if (batch.isEmpty() && System.currentTimeMillis() - lastSent > HEARTBEAT_MILLIS
                        && !sent(out.heartbeat())) {
                    close();
                }
            } catch (RuntimeException e) {
                // the database is away for a moment: the next poll tries again; the client keeps its position
            }
        }

        private boolean sent(boolean delivered) {
            if (delivered) {
                lastSent = System.currentTimeMillis();
            }
            return delivered;
        }

        private void close() {
            closed = true;
            open.decrementAndGet();
            if (future != null) {
                future.cancel(false);
            }
            out.close();
        }

        private String state(String data) {
            try (var r = Json.createReader(new StringReader(data))) {
                JsonObject o = r.readObject();
                return o.getString("state", "");
            }
        }
    }
}
