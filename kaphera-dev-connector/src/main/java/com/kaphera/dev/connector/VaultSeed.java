package com.kaphera.dev.connector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.edc.spi.EdcException;

/**
 * DEV ONLY. Secrets for the in-memory vault, handed over in environment variables (readable only by
 * the process's owner, unlike a command line), one per variable:
 * {@code KAPHERA_DEV_VAULT_<LABEL>=<alias>=<secret>}. The label only tells variables apart (e.g.
 * {@code MANAGEMENT_API_KEY}, {@code STS_CLIENT_SECRET}); the alias is everything up to the first
 * {@code =} of the value (so an alias never contains one), the secret is the rest.
 */
final class VaultSeed {

    static final String PREFIX = "KAPHERA_DEV_VAULT_";

    record Secret(String alias, String value) {
        @Override
        public String toString() {
            return "Secret[alias=" + alias + ", value=(hidden)]";
        }
    }

    private VaultSeed() {
    }

    static List<Secret> fromEnvironment(Map<String, String> environment) {
        var secrets = new ArrayList<Secret>();
        // Sorted, so that of two variables naming one alias the outcome does not depend on map order.
        for (var entry : new TreeMap<>(environment).entrySet()) {
            if (!entry.getKey().startsWith(PREFIX)) {
                continue;
            }
            var value = entry.getValue();
            var separator = value.indexOf('=');
            if (separator <= 0 || separator == value.length() - 1) {
                // Never the value in the message: it may be a secret without an alias.
                throw new EdcException("%s must be <alias>=<secret> (both non-empty)".formatted(entry.getKey()));
            }
            secrets.add(new Secret(value.substring(0, separator), value.substring(separator + 1)));
        }
        return secrets;
    }
}
