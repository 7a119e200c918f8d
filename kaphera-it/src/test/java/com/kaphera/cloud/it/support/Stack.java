package com.kaphera.cloud.it.support;

import java.net.URI;
import java.util.Map;

/**
 * The system under test, started once per test JVM and stopped when it exits (also after failures):
 * one PostgreSQL cluster, a server in the managed edition and, on first use, one in the BYOC edition.
 */
public final class Stack {
    /** Watches one user may hold open at once in the servers under test (kaphera.watch.max-per-user). */
    public static final int WATCHES_PER_USER = 3;
    private static Stack instance;
    /** One per test JVM, like every other secret of the stack. */
    private static final String KEY_ENCRYPTION_KEY = java.util.Base64.getEncoder()
            .encodeToString(new java.security.SecureRandom().generateSeed(32));

    private final Postgres postgres;
    private final Tokens tokens;
    private final KubernetesApi kubernetes;
    private LibertyServer managed;
    private LibertyServer byoc;
    private Keycloak keycloak;
    private LibertyServer oidc;
    private IdentityHub identityHub;
    private TcpProxy walletIdentityApi;
    private TcpProxy dedicatedWalletIdentityApi;
    private DevOperator devOperator;

    private Stack() {
        postgres = new Postgres(Config.work().resolve("pg"), Processes.freePort());
        tokens = new Tokens(Config.work().resolve("keys"));
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "kaphera-it-shutdown"));
        postgres.start();
        kubernetes = new KubernetesApi(Config.work().resolve("kubernetes"));
    }

    public static synchronized Stack get() {
        if (instance == null) {
            instance = new Stack();
        }
        return instance;
    }

    /** The relay in front of the wallet's Identity API that the managed server's joins use (cut it for an outage). */
    public synchronized TcpProxy walletIdentityApi() {
        managed();
        return walletIdentityApi;
    }

    /** A free loopback port (e.g. for a server that must come back on the same address). */
    public static int freePort() {
        return Processes.freePort();
    }

    public Postgres postgres() {
        return postgres;
    }

    public KubernetesApi kubernetes() {
        return kubernetes;
    }

    public Tokens tokens() {
        return tokens;
    }

    public synchronized LibertyServer managed() {
        if (managed == null) {
            managed = new LibertyServer("kaphera-it-managed", env("managed"));
            managed.start();
        }
        return managed;
    }

    public synchronized LibertyServer byoc() {
        if (byoc == null) {
            byoc = new LibertyServer("kaphera-it-byoc", env("byoc"));
            byoc.start();
        }
        return byoc;
    }

    /** A real Keycloak with the pilot realm (liberty-config/keycloak), started on first use. */
    public synchronized Keycloak keycloak() {
        if (keycloak == null) {
            keycloak = new Keycloak(Config.work().resolve("keycloak"));
            keycloak.start();
        }
        return keycloak;
    }

    /**
     * A real EDC IdentityHub 0.15.1 (DCP wallet, module kaphera-dev-identityhub) on loopback ports, started
     * on first use and empty at every start; see {@link IdentityHub}.
     */
    public synchronized IdentityHub identityHub() {
        if (identityHub == null) {
            identityHub = new IdentityHub(Config.work().resolve("identityhub"));
            identityHub.start();
        }
        return identityHub;
    }

    /**
     * The dev-only operator in real-connector mode against this run's Kubernetes API server, started on
     * first use: each ControlPlane gets a real EDC 0.15.1 connector on loopback and is Ready only once
     * it answers; other kinds are marked Ready after {@link DevOperator#DELAY_MS}. See {@link DevOperator}.
     */
    public synchronized DevOperator devOperator() {
        if (devOperator == null) {
            devOperator = new DevOperator(Config.work().resolve("operator"), kubernetes.adminKubeconfig(),
                    dedicatedWalletIdentityUrl());
        }
        devOperator.start(); // idempotent; starts it again after a test class stopped it
        return devOperator;
    }

    /**
     * DEV ONLY simulation of dedicated-managed wallets: the dev operator reports every IdentityHub resource as
     * served by the stack's one real IdentityHub, at this relay in front of its Identity API. It is another
     * relay than the platform wallet's ({@link #walletIdentityApi()}), so a test sees which address a call used
     * ({@link TcpProxy#connections()}) and can cut one without the other.
     */
    public synchronized TcpProxy dedicatedWalletIdentityApi() {
        dedicatedWalletIdentityUrl();
        return dedicatedWalletIdentityApi;
    }

    private synchronized URI dedicatedWalletIdentityUrl() {
        URI identity = identityHub().identityApi();
        if (dedicatedWalletIdentityApi == null) {
            dedicatedWalletIdentityApi = new TcpProxy(identity.getPort());
        }
        return URI.create("http://127.0.0.1:" + dedicatedWalletIdentityApi.port() + identity.getPath());
    }

    /**
     * A managed-edition server that trusts the real Keycloak (issuer + JWKS URL), as production does,
     * with a 1 s clock skew so that expiry is observable in a test.
     */
    public synchronized LibertyServer oidc() {
        if (oidc == null) {
            Keycloak idp = keycloak();
            Map<String, String> env = new java.util.HashMap<>(env("managed"));
            env.put("MP_JWT_VERIFY_ISSUER", idp.issuer());
            env.put("MP_JWT_VERIFY_AUDIENCES", Keycloak.AUDIENCE);
            env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", idp.jwksUri());
            env.put("KAPHERA_JWT_CLOCK_SKEW", "1s");
            // Another address on the same database: its join workers would name another issuer DID (see variant).
            env.put("KAPHERA_JOIN_POLL_MILLIS", "0");
            oidc = new LibertyServer("kaphera-it-oidc", env);
            oidc.start();
        }
        return oidc;
    }

    /**
     * A managed-edition server with its environment changed ({@code set} added or replaced,
     * {@code removed} left out), neither started nor stopped by the stack: for tests that need a
     * setting of their own (a misconfiguration, small limits). The caller starts and stops it.
     */
    public LibertyServer variant(String name, Map<String, String> set, String... removed) {
        Map<String, String> env = new java.util.HashMap<>(env("managed"));
        // A server on the stack's database answers at another address than the managed server: its join
        // workers would tell wallets to ask its own issuer DID, which the managed server does not trust.
        // Production instances share one public address; here only the managed server runs joins unless
        // the caller says otherwise (JoinBed's servers, on a database of their own, do).
        env.put("KAPHERA_JOIN_POLL_MILLIS", "0");
        env.putAll(set);
        for (String key : removed) {
            env.remove(key);
        }
        return new LibertyServer(name, env);
    }

    private Map<String, String> env(String edition) {
        Map<String, String> env = new java.util.HashMap<>(common(edition));
        if ("managed".equals(edition)) {
            env.putAll(joins());
        }
        // bench/crd-proxy compares the organisation cache on and off (ORG_CACHE_SECONDS).
        String cacheSeconds = System.getProperty("kaphera.it.organisations.cache-seconds");
        if (cacheSeconds != null && !cacheSeconds.isBlank()) {
            env.put("KAPHERA_ORGANISATIONS_CACHE_SECONDS", cacheSeconds);
        }
        return env;
    }

    /**
     * What a managed server needs to run joins: the platform wallet (the real IdentityHub, started
     * first), connectors that accept plain-http did:web, and quick retries so that failures show in seconds.
     */
    private Map<String, String> joins() {
        IdentityHub wallet = identityHub();
        URI identity = wallet.identityApi();
        // Through a relay the tests can cut (a wallet that is away), as the Kubernetes API is. One relay for
        // every server: each server (JoinBed's, variants) asks for these settings, and a second relay here
        // would leave walletIdentityApi() cutting one the managed server does not use.
        if (walletIdentityApi == null) {
            walletIdentityApi = new TcpProxy(identity.getPort());
        }
        String sts = wallet.stsTokenUrl().toString();
        String probe = wallet.didFor("x");
        return Map.ofEntries(
                Map.entry("KAPHERA_JOIN_POLL_MILLIS", "200"),
                Map.entry("KAPHERA_JOIN_WALLET_IDENTITY_URL", "http://127.0.0.1:" + walletIdentityApi.port() + identity.getPath()),
                Map.entry("KAPHERA_JOIN_WALLET_CREDENTIALS_URL", wallet.credentialsApi().toString()),
                Map.entry("KAPHERA_JOIN_WALLET_STS_URL", sts.substring(0, sts.length() - "/token".length())),
                Map.entry("KAPHERA_JOIN_WALLET_DID_HOST", probe.substring("did:web:".length(), probe.length() - ":x".length())),
                Map.entry("KAPHERA_JOIN_WALLET_API_KEY", wallet.adminApiKey()),
                Map.entry("KAPHERA_JOIN_CONNECTOR_SETTINGS", "edc.iam.did.web.use.https=false"),
                Map.entry("KAPHERA_JOIN_LEASE_SECONDS", "15"),
                Map.entry("KAPHERA_JOIN_READY_WATCH_SECONDS", "5"),
                Map.entry("KAPHERA_JOIN_RETRY_BASE_MILLIS", "200"),
                Map.entry("KAPHERA_JOIN_RETRY_MAX_MILLIS", "2000"),
                Map.entry("KAPHERA_JOIN_MAX_ATTEMPTS", "4"));
    }

    private Map<String, String> common(String edition) {
        return Map.ofEntries(
                Map.entry("KAPHERA_EDITION", edition),
                // The managed server is configured by URL + token file + CA, the BYOC one by kubeconfig, so
                // both ways are exercised; both as the kaphera-cloud-server service account. Benchmarks
                // use the API server itself, without the test relay.
                "byoc".equals(edition)
                        ? Map.entry("KAPHERA_KUBERNETES_KUBECONFIG", kubernetes.kubeconfig().toString())
                        : Map.entry("KAPHERA_KUBERNETES_URL", Boolean.getBoolean("kaphera.it.kubernetes.direct")
                                ? kubernetes.direct().toString() : kubernetes.url()),
                Map.entry("KAPHERA_KUBERNETES_TOKEN_FILE", kubernetes.tokenFile().toString()),
                Map.entry("KAPHERA_KUBERNETES_CA_FILE", kubernetes.caFile().toString()),
                Map.entry("KAPHERA_KUBERNETES_REQUEST_TIMEOUT_MS", "2000"),
                Map.entry("KAPHERA_WATCH_HEARTBEAT_SECONDS", "1"),
                Map.entry("KAPHERA_HEALTH_INTERVAL_SECONDS", "1"),
                Map.entry("KAPHERA_KUBERNETES_PING_SECONDS", "1"),
                Map.entry("KAPHERA_WATCH_MAX_PER_USER", Integer.toString(WATCHES_PER_USER)),
                Map.entry("KAPHERA_DB_URL", postgres.jdbcUrl()),
                Map.entry("KAPHERA_DB_USER", Postgres.APP_USER),
                Map.entry("KAPHERA_DB_PASSWORD", Postgres.APP_PASSWORD),
                Map.entry("KAPHERA_DB_MIGRATION_USER", Postgres.USER),
                Map.entry("KAPHERA_DB_MIGRATION_PASSWORD", Postgres.PASSWORD),
                Map.entry("MP_JWT_VERIFY_ISSUER", Tokens.ISSUER),
                Map.entry("MP_JWT_VERIFY_AUDIENCES", Tokens.AUDIENCE),
                Map.entry("MP_JWT_VERIFY_PUBLICKEY_LOCATION", tokens.publicKeyFile().toString()),
                Map.entry("KAPHERA_HTTP_MAX_BODY_BYTES", "65536"),
                // The issuers' private keys are sealed under this; wallets here speak plain http on loopback.
                Map.entry("KAPHERA_DCP_KEY_ENCRYPTION_KEY", KEY_ENCRYPTION_KEY),
                Map.entry("KAPHERA_DCP_DID_WEB_HTTPS", "false"),
                Map.entry("KAPHERA_DCP_DELIVERY_POLL_MILLIS", "200"),
                // Three attempts (2 s, 4 s apart): a delivery to a wallet that is down fails within seconds.
                Map.entry("KAPHERA_DCP_DELIVERY_ATTEMPTS", "3"),
                // A wallet's 404/400 in the first 20 s is "its request not recorded yet" (not 60 s: AuditIT waits for a
                // delivery to a holderPid the wallet never asked with to fail, within a minute).
                Map.entry("KAPHERA_DCP_DELIVERY_WALLET_CATCH_UP_SECONDS", "20"),
                Map.entry("KAPHERA_KEYSTORE_PASSWORD", java.util.UUID.randomUUID().toString()));
    }

    private void shutdown() {
        for (LibertyServer s : new LibertyServer[] {managed, byoc, oidc}) {
            if (s != null) {
                try {
                    s.stop();
                } catch (RuntimeException e) {
                    System.err.println("Could not stop " + s.serverDir() + ": " + e.getMessage());
                }
            }
        }
        if (identityHub != null) {
            try {
                identityHub.stop();
            } catch (RuntimeException e) {
                System.err.println("Could not stop the IdentityHub: " + e.getMessage());
            }
        }
        if (devOperator != null) {
            try {
                devOperator.stop();
            } catch (RuntimeException e) {
                System.err.println("Could not stop the dev operator and its connectors: " + e.getMessage());
            }
        }
        if (keycloak != null) {
            try {
                keycloak.stop();
            } catch (RuntimeException e) {
                System.err.println("Could not stop Keycloak: " + e.getMessage());
            }
        }
        try {
            kubernetes.stop();
        } catch (RuntimeException e) {
            System.err.println("Could not stop the Kubernetes API server: " + e.getMessage());
        }
        postgres.stop();
    }
}
