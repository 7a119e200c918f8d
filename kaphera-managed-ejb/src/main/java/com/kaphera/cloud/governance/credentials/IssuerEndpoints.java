package com.kaphera.cloud.governance.credentials;

import com.kaphera.cloud.governance.credentials.dcp.DidWeb;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where each dataspace's issuer lives on the public internet: its did:web DID, the DID document, the
 * DCP issuer service and the revocation lists, all under {@code kaphera.dcp.public-base-url}
 * (the address wallets and connectors reach this server at). For dataspace {@code automotive} behind
 * {@code https://kaphera.example}: DID {@code did:web:kaphera.example:dcp:automotive}, document
 * {@code /dcp/automotive/did.json}, issuer service {@code /dcp/automotive/issuer}.
 */
@ApplicationScoped
public class IssuerEndpoints {
    public static final String ROOT = "dcp";

    @Inject
    @ConfigProperty(name = "kaphera.dcp.public-base-url", defaultValue = "http://127.0.0.1:9080")
    String publicBaseUrl;

    /**
     * Whether other parties' did:web DIDs resolve over https (the did:web rule). Off only in dev and
     * tests, where wallets listen on plain http on loopback.
     */
    @Inject
    @ConfigProperty(name = "kaphera.dcp.did-web-https", defaultValue = "true")
    boolean didWebHttps;

    private volatile String didPrefix;

    public String did(String dataspace) {
        return didPrefix() + ":" + dataspace;
    }

    /** {@code did:web:<host>:dcp}, worked out once: the directory names a DID per entry. */
    private String didPrefix() {
        String p = didPrefix;
        if (p == null) {
            didPrefix = p = DidWeb.didFor(base(), ROOT);
        }
        return p;
    }

    public URI issuerService(String dataspace) {
        return URI.create(base() + "/" + ROOT + "/" + dataspace + "/issuer");
    }

    public URI statusList(String dataspace, String listId) {
        return URI.create(base() + "/" + ROOT + "/" + dataspace + "/status/" + listId);
    }

    public boolean didWebHttps() {
        return didWebHttps;
    }

    /** The dataspace slug a DID of ours names, if it is one. */
    public java.util.Optional<String> dataspaceOf(String did) {
        String prefix = didPrefix() + ":";
        if (did != null && did.startsWith(prefix) && did.substring(prefix.length()).matches("^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$")) {
            return java.util.Optional.of(did.substring(prefix.length()));
        }
        return java.util.Optional.empty();
    }

    private URI base() {
        String b = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        return URI.create(b);
    }
}
