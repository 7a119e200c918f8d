package com.kaphera.cloud.join;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One change of a join as the live tracker receives it ({@code type}: submitted, step, state), with
 * the join's view at that moment as {@code data}. {@code seq} is the Server-Sent Events id, so a
 * tracker that reconnects with {@code Last-Event-ID} misses nothing.
 */
@Entity
@Table(name = "join_event")
public class JoinEvent {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long seq;

    @Column(name = "join_id", nullable = false, updatable = false)
    private UUID joinId;

    @Column(nullable = false, updatable = false, length = 40)
    private String type;

    @Column(nullable = false, updatable = false)
    private String data;

    @Column(nullable = false, updatable = false)
    private Instant at;

    protected JoinEvent() {
        // for JPA
    }

    JoinEvent(UUID joinId, String type, String data, Instant at) {
        this.joinId = joinId;
        this.type = type;
        this.data = data;
        this.at = at;
    }

    public long seq() {
        return seq;
    }

    public UUID joinId() {
        return joinId;
    }

    public String type() {
        return type;
    }

    public String data() {
        return data;
    }

    public Instant at() {
        return at;
    }
}
