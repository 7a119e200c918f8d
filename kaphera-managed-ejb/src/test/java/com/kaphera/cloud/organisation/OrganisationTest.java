package com.kaphera.cloud.organisation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.common.InvalidInputException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrganisationTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"system, kaphera-system", "default, kaphera-default", "kube, kaphera-kube",
            "kube-system, kaphera-kube-system", "kube-public, kaphera-kube-public",
            // with an empty namespace prefix (kaphera.organisations.namespace-prefix=) the slug is the namespace
            "kube-node-lease, kube-node-lease"})
    void refusesSlugsWhoseNamespaceBelongsToKubernetesOrThePlatform(String slug, String namespace) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Organisation(slug, "Reserved", null, namespace, Instant.now()));
        assertEquals("slug", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().contains("reserved"), e.errors().toString());
    }

    @Test
    void acceptsOrdinarySlugs() {
        assertEquals("kaphera-sme-castings",
                new Organisation("sme-castings", "Novak Castings", null, "kaphera-sme-castings", Instant.now()).namespace());
        assertEquals("kaphera-systems-gmbh",
                new Organisation("systems-gmbh", "Systems GmbH", null, "kaphera-systems-gmbh", Instant.now()).namespace());
    }
}
