package com.kaphera.cloud.governance.credentials;

import com.kaphera.cloud.common.UnavailableException;
import com.kaphera.cloud.governance.credentials.dcp.Kek;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The key-encryption key that seals the issuers' private keys at rest, from configuration:
 * {@code kaphera.dcp.key-encryption-key} (base64, 256 bits) or {@code kaphera.dcp.key-encryption-key-file}
 * (a file holding that; e.g. a Kubernetes secret mounted, or rendered by a Vault agent). Without one,
 * every operation that needs an issuer key answers 503 and says which setting is missing; nothing is
 * ever stored unsealed. Never logged.
 */
@ApplicationScoped
public class KeyEncryptionKey {
    @Inject
    @ConfigProperty(name = "kaphera.dcp.key-encryption-key")
    Optional<String> inline;

    @Inject
    @ConfigProperty(name = "kaphera.dcp.key-encryption-key-file")
    Optional<String> file;

    private volatile SecretKey key;

    public SecretKey get() {
        SecretKey k = key;
        if (k == null) {
            key = k = load();
        }
        return k;
    }

    public boolean configured() {
        return inline.filter(s -> !s.isBlank()).isPresent() || file.filter(s -> !s.isBlank()).isPresent();
    }

    private SecretKey load() {
        try {
            if (inline.filter(s -> !s.isBlank()).isPresent()) {
                return Kek.fromBase64(inline.get());
            }
            if (file.filter(s -> !s.isBlank()).isPresent()) {
                return Kek.fromBase64(Files.readString(Path.of(file.get()), StandardCharsets.US_ASCII));
            }
        } catch (IllegalArgumentException | IOException e) {
            throw new UnavailableException("The credential issuer's key-encryption key is unusable: " + e.getMessage()
                    + " (kaphera.dcp.key-encryption-key or kaphera.dcp.key-encryption-key-file)", 0, null);
        }
        throw new UnavailableException("The credential issuer has no key-encryption key: set kaphera.dcp.key-encryption-key "
                + "or kaphera.dcp.key-encryption-key-file (docs/configuration.md)", 0, null);
    }
}
