package com.kaphera.cloud.edition;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every capability this server knows how to serve. {@code GET /capabilities} lists them all with
 * their enabled flag; the console, CLI and Terraform provider decide from that alone.
 */
public enum Feature {
    ORGANISATIONS("organisations", "/api/v1/organisations", "v1", EnumSet.allOf(Edition.class)),
    /** The kinds of custom resources the cluster's operators define, with their JSON schemas. */
    RESOURCE_TYPES("resource-types", "/api/v1/resource-types", "v1", EnumSet.allOf(Edition.class)),
    /** CRUD and watch over an organisation's custom resources (the BYOC core). */
    RESOURCES("resources", "/api/v1/organisations/{org}/resources", "v1", EnumSet.allOf(Edition.class)),
    /** Commercial parties behind organisations, for billing and fleet grouping (managed edition only). */
    CUSTOMER_ACCOUNTS("customer-accounts", "/api/v1/customer-accounts", "v1", EnumSet.of(Edition.MANAGED)),
    /** Kaphera operations' view across all organisations (managed edition only). */
    FLEET("fleet", "/api/v1/fleet", "v1", EnumSet.of(Edition.MANAGED)),
    /**
     * The tamper-evident audit log (organisations' logs under /api/v1/organisations/{org}/audit). On in
     * the managed edition; a BYOC install turns it on with kaphera.features.audit.enabled=true.
     */
    AUDIT("audit", "/api/v1/audit", "v1", EnumSet.allOf(Edition.class), EnumSet.of(Edition.MANAGED),
            "/api/v1/organisations/{org}/audit"),
    /** Published dataspaces, searchable by any user (managed edition only). */
    DIRECTORY("directory", "/api/v1/directory", "v1", EnumSet.of(Edition.MANAGED)),
    /**
     * Dataspace governance: profiles, onboarding rules, membership requests, members and discovery
     * (managed edition only).
     */
    GOVERNANCE("governance", "/api/v1/dataspaces", "v1", EnumSet.of(Edition.MANAGED), EnumSet.of(Edition.MANAGED),
            "/api/v1/organisations/{org}/membership-requests", "/api/v1/organisations/{org}/dataspaces"),
    /**
     * The platform as each dataspace's credential issuer, speaking DCP: public DID documents, issuance,
     * revocation lists (under /dcp), and credentials with their verification (managed edition only).
     */
    CREDENTIAL_ISSUER("credential-issuer", "/api/v1/credentials", "v1", EnumSet.of(Edition.MANAGED),
            EnumSet.of(Edition.MANAGED), "/dcp", "/api/v1/organisations/{org}/credentials",
            "/api/v1/dataspaces/{dataspace}/credentials", "/api/v1/dataspaces/{dataspace}/issuer"),
    /**
     * The participant join flow: one POST takes an organisation from nothing to a connector answering in
     * a dataspace (membership request, identity, credential, connector, ready), durable and live-tracked
     * (managed edition only).
     */
    JOINS("joins", "/api/v1/organisations/{org}/joins", "v1", EnumSet.of(Edition.MANAGED), EnumSet.of(Edition.MANAGED),
            "/api/v1/dataspaces/{dataspace}/joins"),
    /**
     * Usage metering and billing: plans, subscriptions, usage ingestion, the monthly invoice run,
     * invoices and credit notes, the cost preview (managed edition only).
     */
    BILLING("billing", "/api/v1/billing", "v1", EnumSet.of(Edition.MANAGED), EnumSet.of(Edition.MANAGED),
            "/api/v1/usage-events", "/api/v1/organisations/{org}/usage-events", "/api/v1/organisations/{org}/billing", "/api/v1/organisations/{org}/invoices",
            "/api/v1/customer-accounts/{account}/invoices");

    private final String id;
    private final String basePath;
    private final String version;
    private final Set<Edition> editions;
    private final Set<Edition> onByDefault;
    private final List<String> otherPaths;

    Feature(String id, String basePath, String version, Set<Edition> editions) {
        this(id, basePath, version, editions, editions);
    }

    Feature(String id, String basePath, String version, Set<Edition> editions, Set<Edition> onByDefault,
            String... otherPaths) {
        this.id = id;
        this.basePath = basePath;
        this.version = version;
        this.editions = editions;
        this.onByDefault = onByDefault;
        this.otherPaths = List.of(otherPaths);
    }

    /**
     * Whether {@code path} (a request path or an OpenAPI path template, with or without the leading
     * slash) is this feature's: its base path or another path it owns, or anything below them. A
     * {@code {name}} segment matches any one segment.
     */
    public boolean owns(String path) {
        String[] p = (path.startsWith("/") ? path.substring(1) : path).split("/");
        for (String own : java.util.stream.Stream.concat(java.util.stream.Stream.of(basePath), otherPaths.stream()).toList()) {
            String[] o = own.substring(1).split("/");
            if (p.length < o.length) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < o.length && match; i++) {
                match = o[i].startsWith("{") || o[i].equals(p[i]) || p[i].startsWith("{") && o[i].startsWith("{");
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    /** Whether the feature is on in {@code edition} unless configuration says otherwise. */
    public boolean onByDefaultIn(Edition edition) {
        return onByDefault.contains(edition);
    }

    public String id() {
        return id;
    }

    public String basePath() {
        return basePath;
    }

    public String version() {
        return version;
    }

    public boolean managedOnly() {
        return !editions.contains(Edition.BYOC);
    }

    public boolean includedIn(Edition edition) {
        return editions.contains(edition);
    }
}
