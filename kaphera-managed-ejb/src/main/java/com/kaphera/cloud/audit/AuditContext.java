package com.kaphera.cloud.audit;

import jakarta.enterprise.context.RequestScoped;

/**
 * What the HTTP edge knows about the current request and the audit trail records with each entry:
 * request id, source address and the caller's display name and client. Empty for the server's own
 * work (timers), where the actor is a system principal.
 */
@RequestScoped
public class AuditContext {
    private String requestId;
    private String sourceAddress;
    private String actorName;
    private String clientId;
    private boolean recorded;

    public void describe(String requestId, String sourceAddress, String actorName, String clientId) {
        this.requestId = requestId;
        this.sourceAddress = sourceAddress;
        this.actorName = actorName;
        this.clientId = clientId;
    }

    public String requestId() {
        return requestId;
    }

    public String sourceAddress() {
        return sourceAddress;
    }

    public String actorName() {
        return actorName;
    }

    public String clientId() {
        return clientId;
    }

    /** Whether a service recorded this request's outcome (so the edge does not record it again). */
    public boolean recorded() {
        return recorded;
    }

    void markRecorded() {
        recorded = true;
    }
}
