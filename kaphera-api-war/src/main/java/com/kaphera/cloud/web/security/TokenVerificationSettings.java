package com.kaphera.cloud.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses to start the application when token verification is not fully configured. Liberty's mpJwt
 * would start without an expected issuer or audience and then accept tokens of any issuer or for any
 * audience the key signs: a configuration mistake must stop the deployment, not weaken it silently.
 */
@ApplicationScoped
public class TokenVerificationSettings {
    private static final Logger LOG = Logger.getLogger(TokenVerificationSettings.class.getName());

    /** Each entry: the keys of which one must be set, and the environment variable an operator would set. */
    private static final List<List<String>> REQUIRED = List.of(
            List.of("mp.jwt.verify.issuer"),
            List.of("mp.jwt.verify.audiences"),
            List.of("mp.jwt.verify.publickey.location", "mp.jwt.verify.publickey"));

    void check(@Observes Startup startup) {
        List<String> missing = missing(ConfigProvider.getConfig());
        if (!missing.isEmpty()) {
            String message = "Token verification is not configured: set " + String.join(", ", missing)
                    + " (see docs/configuration.md); the application refuses to start rather than accept tokens it "
                    + "cannot fully verify";
            LOG.severe(message);
            throw new IllegalStateException(message);
        }
    }

    static List<String> missing(Config config) {
        return REQUIRED.stream()
                .filter(keys -> keys.stream().allMatch(key -> config.getOptionalValue(key, String.class)
                        .map(String::isBlank).orElse(true)))
                .map(keys -> String.join(" or ", keys) + " (" + keys.get(0).toUpperCase().replace('.', '_') + ")")
                .toList();
    }
}
