package com.kaphera.cloud.crd.kubernetes;

import com.kaphera.cloud.common.AccessDeniedException;
import com.kaphera.cloud.common.ConflictException;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.GoneException;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.common.UnavailableException;
import com.kaphera.cloud.common.UpstreamRefusedException;
import com.kaphera.cloud.crd.StaleVersionException;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.openapi.models.V1StatusCause;
import java.io.IOException;
import java.util.List;

/**
 * Maps what the Kubernetes API answered to this server's domain outcomes, faithfully: its 404, 409,
 * 410 and 422 (field by field) reach the caller with the same meaning; its 401/403 mean this server's
 * own service account lacks a right (502, an operator must act); 429, 5xx and I/O failures mean it is
 * unavailable (503 with Retry-After).
 */
final class KubernetesAnswers {
    private static final int RETRY_AFTER_SECONDS = 5;

    private KubernetesAnswers() {
    }

    static RuntimeException failure(int code, V1Status status, String verb, String kind, String name,
            String namespace) {
        String what = name == null ? kind + " resources" : kind + " '" + name + "'";
        String message = status == null || status.getMessage() == null ? "" : status.getMessage();
        String reason = status == null || status.getReason() == null ? "" : status.getReason();
        if (code == 403 && isPolicyDenial(message)) {
            return new AccessDeniedException("The Kubernetes API refused to " + verb + " " + what + ": " + message);
        }
        if (code == 403 && isNamespaceTerminating(status, message)) {
            return new ConflictException("The organisation's namespace" + (namespace == null ? "" : " '" + namespace + "'")
                    + " is being deleted in the cluster: nothing new can be created there until it is gone and "
                    + "set up again");
        }
        return switch (code) {
            case 404 -> new NotFoundException(kind, name == null ? "" : name);
            case 409 -> "AlreadyExists".equals(reason)
                    ? new ConflictException(what + " already exists")
                    : new StaleVersionException(what + " was changed by someone else; read it again and retry "
                            + "with its current resourceVersion");
            case 410 -> new GoneException("The position you resumed from is too old: list again and continue "
                    + "from the new resourceVersion");
            case 400, 422 -> invalid(status, message);
            case 401, 403 -> new UpstreamRefusedException("This server lacks permission to " + verb + " " + what
                    + (namespace == null ? "" : " in namespace '" + namespace + "'")
                    + ": its Kubernetes service account needs the kaphera-cloud-server-tenant role there "
                    + "(see deploy/kubernetes/)");
            case 429 -> new KubernetesThrottledException("The Kubernetes API is throttling this server; retry shortly",
                    RETRY_AFTER_SECONDS);
            default -> new UnavailableException("The Kubernetes API answered " + code + " to " + verb + " " + what
                    + "; retry shortly", RETRY_AFTER_SECONDS, null);
        };
    }

    /**
     * A 403 that is about the request, not about our rights: an admission webhook or a quota said
     * no. The caller can act on it, so it is a 403 for the caller, not a 502.
     */
    private static boolean isPolicyDenial(String message) {
        return message.contains("admission webhook") || message.contains("exceeded quota")
                || message.contains("denied the request");
    }

    /** NamespaceLifecycle admission: the namespace is terminating (a cause of that type, or its message). */
    private static boolean isNamespaceTerminating(V1Status status, String message) {
        boolean byCause = status != null && status.getDetails() != null && status.getDetails().getCauses() != null
                && status.getDetails().getCauses().stream().anyMatch(c -> "NamespaceTerminating".equals(c.getReason()));
        return byCause || message.contains("because it is being terminated");
    }

    static UnavailableException unreachable(Throwable cause) {
        return new UnavailableException("The Kubernetes API is unreachable or too slow; retry shortly",
                RETRY_AFTER_SECONDS, cause);
    }

    /**
     * Whether a client-java failure is a transport failure (connection refused, reset, timeout).
     * Gson's MalformedJsonException is an IOException too, but it is about content, not the network.
     */
    static boolean isIoFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.google.gson.stream.MalformedJsonException) {
                return false;
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static InvalidInputException invalid(V1Status status, String message) {
        List<V1StatusCause> causes = status == null || status.getDetails() == null || status.getDetails().getCauses() == null
                ? List.of() : status.getDetails().getCauses();
        List<FieldError> errors = causes.stream()
                .map(c -> new FieldError(c.getField() == null ? "$" : c.getField(),
                        c.getMessage() == null ? String.valueOf(c.getReason()) : c.getMessage()))
                .toList();
        if (errors.isEmpty()) {
            errors = List.of(new FieldError("$", message.isEmpty() ? "rejected by the Kubernetes API" : message));
        }
        return new InvalidInputException("The Kubernetes API rejected the resource", errors);
    }
}
