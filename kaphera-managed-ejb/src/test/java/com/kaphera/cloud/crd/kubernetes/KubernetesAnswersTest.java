package com.kaphera.cloud.crd.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.kubernetes.client.openapi.models.V1StatusDetails;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every Kubernetes answer maps to its documented outcome, including those the integration tests
 * against the real API server cannot provoke (CEL 422s, webhook denials, 429, 5xx).
 */
class KubernetesAnswersTest {
    private static final String NS = "kaphera-oem-frankfurt";

    private static RuntimeException answer(int code, V1Status status) {
        return KubernetesAnswers.failure(code, status, "update", "ControlPlane", "connector", NS);
    }

    @Test
    void forbiddenMeansThisServerLacksARightNotTheCaller() {
        RuntimeException e = answer(403, new V1Status().reason("Forbidden").message("controlplanes is forbidden"));
        assertInstanceOf(UpstreamRefusedException.class, e);
        assertTrue(e.getMessage().contains("lacks permission to update ControlPlane 'connector' in namespace '" + NS + "'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("kaphera-cloud-server-tenant"), e.getMessage());
        assertInstanceOf(UpstreamRefusedException.class, answer(401, null));
        assertInstanceOf(com.kaphera.cloud.common.AccessDeniedException.class, answer(403, new V1Status().reason("Forbidden")
                .message("controlplanes \"c\" is forbidden: exceeded quota: edc, requested: count/controlplanes=1")));
        assertInstanceOf(com.kaphera.cloud.common.AccessDeniedException.class, answer(403, new V1Status().reason("Forbidden")
                .message("admission webhook \"policy.kaphera.io\" denied the request: replicas above plan")));
    }

    @Test
    void aNamespaceBeingDeletedIsAConflictNotAMissingRight() {
        V1Status status = new V1Status().reason("Forbidden").message("controlplanes \"c\" is forbidden: unable to create "
                + "new content in namespace " + NS + " because it is being terminated").details(new V1StatusDetails()
                .causes(List.of(new V1StatusCause().reason("NamespaceTerminating").field("metadata.namespace"))));
        ConflictException e = assertInstanceOf(ConflictException.class, answer(403, status));
        assertTrue(e.getMessage().contains("'" + NS + "' is being deleted"), e.getMessage());
    }

    @Test
    void invalidKeepsEveryFieldCause() {
        V1Status status = new V1Status().reason("Invalid").message("ControlPlane is invalid").details(new V1StatusDetails()
                .causes(List.of(new V1StatusCause().field("spec.replicas").message("Invalid value: 9: must be <= 5"),
                        new V1StatusCause().field("spec.version").message("Required value"))));
        InvalidInputException e = assertInstanceOf(InvalidInputException.class, answer(422, status));
        assertEquals(List.of(new FieldError("spec.replicas", "Invalid value: 9: must be <= 5"),
                new FieldError("spec.version", "Required value")), e.errors());
        InvalidInputException bare = assertInstanceOf(InvalidInputException.class,
                answer(400, new V1Status().message("bad selector")));
        assertEquals(List.of(new FieldError("$", "bad selector")), bare.errors());
    }

    @Test
    void conflictsAreDuplicatesOrStaleVersions() {
        assertInstanceOf(ConflictException.class, answer(409, new V1Status().reason("AlreadyExists")));
        assertInstanceOf(StaleVersionException.class, answer(409, new V1Status().reason("Conflict")));
        assertInstanceOf(NotFoundException.class, answer(404, new V1Status().reason("NotFound")));
        assertInstanceOf(GoneException.class, answer(410, new V1Status().reason("Expired")));
    }

    @Test
    void throttlingServerErrorsAndIoFailuresMeanUnavailable() {
        for (int code : new int[] {429, 500, 502, 503, 504}) {
            UnavailableException e = assertInstanceOf(UnavailableException.class, answer(code, null));
            assertTrue(e.retryAfterSeconds() > 0);
        }
        assertInstanceOf(KubernetesThrottledException.class, answer(429, null), "throttling never opens the breaker");
        assertTrue(KubernetesAnswers.isIoFailure(new IllegalStateException(new ConnectException("refused"))));
        assertTrue(!KubernetesAnswers.isIoFailure(new IllegalStateException(
                new com.google.gson.stream.MalformedJsonException("nesting limit"))), "content problems are not outages");
    }
}
