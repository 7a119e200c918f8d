package com.kaphera.cloud.dev.identityhub;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.eclipse.edc.spi.EdcException;
import org.junit.jupiter.api.Test;

class DevOnlyIdentityHubExtensionTest {

    @Test
    void acceptsAKeyThatNamesTheSuperUser() {
        // base64("super-user") = c3VwZXItdXNlcg==
        assertDoesNotThrow(() -> DevOnlyIdentityHubExtension.checkApiKeyNamesParticipant("super-user", "c3VwZXItdXNlcg==.s3cr3t"));
    }

    @Test
    void refusesAKeyThatNamesAnotherParticipant() {
        // IdentityHub would look up "alice" and never authenticate the super-user with it.
        assertThrows(EdcException.class,
                () -> DevOnlyIdentityHubExtension.checkApiKeyNamesParticipant("super-user", "YWxpY2U=.s3cr3t"));
    }

    @Test
    void refusesAKeyWithoutSecretOrWithMoreParts() {
        assertThrows(EdcException.class,
                () -> DevOnlyIdentityHubExtension.checkApiKeyNamesParticipant("super-user", "c3VwZXItdXNlcg==."));
        assertThrows(EdcException.class,
                () -> DevOnlyIdentityHubExtension.checkApiKeyNamesParticipant("super-user", "c3VwZXItdXNlcg==.a.b"));
    }
}
