package com.kaphera.cloud.capabilities;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a client needs to know before it calls anything else. */
@Schema(name = "Capabilities", example = """
        {"edition":"managed","serverVersion":"0.1.0","apiVersion":"v1",
         "features":[{"name":"organisations","enabled":true,"managedOnly":false,
                      "basePath":"/api/v1/organisations","version":"v1"}],
         "oidc":{"issuer":"https://id.kaphera.example/realms/kaphera","clientId":"kaphera-cli"}}""")
public record Capabilities(String edition, String serverVersion, String apiVersion, List<FeatureView> features,
        Oidc oidc) {

    public record FeatureView(String name, boolean enabled, boolean managedOnly, String basePath, String version) {
    }

    /** Where a CLI or console obtains tokens for this server. */
    public record Oidc(String issuer, String clientId) {
    }
}
