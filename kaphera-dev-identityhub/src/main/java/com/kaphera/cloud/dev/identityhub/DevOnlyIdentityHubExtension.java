package com.kaphera.cloud.dev.identityhub;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.eclipse.edc.identityhub.spi.authentication.ServicePrincipal;
import org.eclipse.edc.identityhub.spi.participantcontext.model.ParticipantContext;
import org.eclipse.edc.identityhub.spi.participantcontext.model.ParticipantContextState;
import org.eclipse.edc.identityhub.spi.participantcontext.store.ParticipantContextStore;
import org.eclipse.edc.runtime.metamodel.annotation.Extension;
import org.eclipse.edc.runtime.metamodel.annotation.Inject;
import org.eclipse.edc.runtime.metamodel.annotation.Setting;
import org.eclipse.edc.spi.EdcException;
import org.eclipse.edc.spi.monitor.Monitor;
import org.eclipse.edc.spi.security.Vault;
import org.eclipse.edc.spi.system.ServiceExtension;
import org.eclipse.edc.spi.system.ServiceExtensionContext;
import org.eclipse.edc.web.jetty.JettyService;

/**
 * <strong>DEV/TEST ONLY.</strong> What EDC IdentityHub 0.15.1 lacks to run as a local wallet for
 * {@code make run} and the integration tests (kaphera-it {@code support/IdentityHub}), and nothing more:
 * <ul>
 *   <li>every Jetty connector is bound to 127.0.0.1 (EDC binds 0.0.0.0 and has no host setting), so
 *       the wallet, its unauthenticated DID documents and its STS are never reachable from another
 *       machine;</li>
 *   <li>a super-user participant context (role {@code admin}, no DID, no keys) is seeded with an API
 *       key taken from configuration, so that a harness can create participants through the Identity
 *       API with {@code x-api-key}. 0.15.1 has no built-in super-user, and a participant can only be
 *       created by an admin.</li>
 * </ul>
 * Everything stays in memory, as the rest of this runtime's stores: a restart seeds the same key again.
 * Never part of the server's EAR; never run it with a real vault or a public interface.
 */
@Extension(DevOnlyIdentityHubExtension.NAME)
public class DevOnlyIdentityHubExtension implements ServiceExtension {
    public static final String NAME = "Kaphera DEV-ONLY IdentityHub (loopback, seeded super-user)";
    static final String LOOPBACK = "127.0.0.1";
    static final String DEFAULT_ADMIN_ID = "super-user";

    @Setting(key = "kaphera.dev.identityhub.admin.participant-id", required = false, defaultValue = DEFAULT_ADMIN_ID,
            description = "DEV ONLY. Participant context id of the seeded super-user (role admin)")
    private String adminParticipantId;

    @Setting(key = "kaphera.dev.identityhub.admin.api-key", required = false,
            description = "DEV ONLY. The super-user's API key, base64(participant id).secret; without it no super-user is seeded")
    private String adminApiKey;

    @Inject
    private JettyService jetty;
    @Inject
    private ParticipantContextStore participants;
    @Inject
    private Vault vault;
    @Inject
    private Monitor monitor;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void initialize(ServiceExtensionContext context) {
        // Jetty opens its connectors in its start(), after every initialize().
        jetty.addConnectorConfigurationCallback(connector -> connector.setHost(LOOPBACK));
        if (adminApiKey != null && !adminApiKey.isBlank()) {
            checkApiKeyNamesParticipant(adminParticipantId, adminApiKey);
        }
    }

    @Override
    public void start() {
        if (adminApiKey == null || adminApiKey.isBlank()) {
            monitor.warning("DEV ONLY: kaphera.dev.identityhub.admin.api-key is not set; no super-user seeded,"
                    + " so no participant can be created through the Identity API");
            return;
        }
        var existing = participants.findById(adminParticipantId);
        ParticipantContext admin;
        if (existing.succeeded()) {
            admin = existing.getContent();
        } else {
            admin = ParticipantContext.Builder.newInstance()
                    .participantContextId(adminParticipantId)
                    .apiTokenAlias(adminParticipantId + "-apikey")
                    .roles(List.of(ServicePrincipal.ROLE_ADMIN))
                    .state(ParticipantContextState.ACTIVATED)
                    .build();
            participants.create(admin).orElseThrow(f -> new EdcException("Cannot seed the DEV ONLY super-user: " + f.getFailureDetail()));
        }
        vault.storeSecret(adminParticipantId, admin.getApiTokenAlias(), adminApiKey)
                .orElseThrow(f -> new EdcException("Cannot store the DEV ONLY super-user's API key: " + f.getFailureDetail()));
        monitor.info("DEV ONLY: super-user '%s' (role admin) seeded; every connector bound to %s".formatted(adminParticipantId, LOOPBACK));
    }

    /** IdentityHub finds the principal by the key's first part: a key for another id could never authenticate. */
    static void checkApiKeyNamesParticipant(String participantId, String apiKey) {
        var expectedPrefix = Base64.getEncoder().encodeToString(participantId.getBytes(StandardCharsets.UTF_8)) + ".";
        if (!apiKey.startsWith(expectedPrefix) || apiKey.length() == expectedPrefix.length() || apiKey.indexOf('.', expectedPrefix.length()) >= 0) {
            throw new EdcException("kaphera.dev.identityhub.admin.api-key must be base64(\"%s\").<secret> (one dot)".formatted(participantId));
        }
    }
}
