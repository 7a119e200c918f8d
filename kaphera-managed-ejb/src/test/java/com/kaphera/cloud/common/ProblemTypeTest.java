package com.kaphera.cloud.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemTypeTest {

    @Test
    void everyProblemTypeIsInTheDocumentedCatalogue() throws IOException {
        String catalogue = Files.readString(Path.of("..", "docs", "api", "errors.md"));
        for (ProblemType type : ProblemType.values()) {
            String slug = type.uri().substring(ProblemType.BASE_URI.length());
            assertTrue(catalogue.contains("| " + type.status() + " | `" + slug + "` |"),
                    type + " (" + type.status() + " " + slug + ") is missing from docs/api/errors.md");
        }
    }

    @Test
    void eachDomainExceptionCarriesItsOneProblemType() {
        Map<DomainException, Integer> statuses = Map.of(
                new InvalidInputException(new FieldError("slug", "bad")), 400,
                new AccessDeniedException("no"), 403,
                new NotFoundException("organisation", "acme"), 404,
                new ConflictException("exists"), 409,
                new GoneException("too old"), 410,
                new PreconditionFailedException("stale"), 412,
                new PreconditionRequiredException("If-Match"), 428,
                new TooManyRequestsException("slow down", 1), 429,
                new UpstreamRefusedException("rbac"), 502);
        statuses.forEach((e, status) -> assertEquals(status, e.problemType().status(), e.getClass().getSimpleName()));
        assertEquals(List.of(), List.of(ProblemType.values()).stream()
                .filter(t -> !t.uri().startsWith(ProblemType.BASE_URI)).toList());
    }
}
