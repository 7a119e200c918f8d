package com.kaphera.dev.connector;

import java.util.Arrays;
import java.util.List;
import org.eclipse.edc.spi.EdcException;

/** The default DCP scopes, as configured: comma-separated {@code org.eclipse.edc.vc.type:<Type>:read|write|*}. */
final class DcpScopes {

    private DcpScopes() {
    }

    static List<String> parse(String setting) {
        var scopes = Arrays.stream(setting == null ? new String[0] : setting.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (scopes.isEmpty()) {
            throw new EdcException("kaphera.dev.connector.dcp.default-scopes names no scope (a blank DCP scope is refused by wallets)");
        }
        for (var scope : scopes) {
            if (!scope.matches("org\\.eclipse\\.edc\\.vc\\.type:[A-Za-z][A-Za-z0-9]*:(read|write|\\*)")) {
                throw new EdcException("Not a DCP scope: '%s' (expected org.eclipse.edc.vc.type:<CredentialType>:read)".formatted(scope));
            }
        }
        return scopes;
    }
}
