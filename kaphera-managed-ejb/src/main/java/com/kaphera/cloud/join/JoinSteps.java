package com.kaphera.cloud.join;

import com.kaphera.cloud.common.Times;
import com.kaphera.cloud.governance.Dataspace;
import com.kaphera.cloud.governance.DataspaceService;
import com.kaphera.cloud.governance.credentials.CredentialIssuance;
import com.kaphera.cloud.governance.credentials.CredentialService;
import com.kaphera.cloud.governance.credentials.IssuedCredential;
import com.kaphera.cloud.governance.credentials.IssuerEndpoints;
import com.kaphera.cloud.governance.credentials.KeyEncryptionKey;
import com.kaphera.cloud.governance.credentials.dcp.CredentialVerifier;
import com.kaphera.cloud.governance.credentials.dcp.Kek;
import com.kaphera.cloud.governance.credentials.dcp.Verification;
import com.kaphera.cloud.organisation.OrganisationNamespaces;
import com.kaphera.cloud.tenancy.Caller;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The steps that talk to the outside (wallet, Kubernetes, the connector), run outside any
 * transaction on a claimed join; {@link JoinEngine} records what they came to, fenced. Each is
 * idempotent: a step re-run after a crash between acting and recording finds its own earlier work.
 * The request step is not here: it only touches the database and runs inside the recording
 * transaction ({@link DataspaceAuthority}).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JoinSteps {
    static final String CONTEXT = "participantContextId";
    static final String DID = "did";
    static final String HOLDER_PID = "holderPid";
    static final String REQUESTED_AT = "credentialRequestedAt";
    static final String ISSUANCE = "issuance";
    static final String NAMESPACE = "namespace";
    static final String RESOURCES = "resources";
    static final String DSP = "dspEndpoint";
    static final String MANAGEMENT = "managementEndpoint";
    static final String LEGAL_ENTITY = "legalEntityId";
    /** Dedicated managed: the Identity API of the organisation's own wallet, as its operator reported it. */
    static final String WALLET_API = "walletIdentityApiUrl";
    static final String REMOTE_ISSUER = "credentialIssuer";
    /**
     * How often a step that waits for the wallet or for delivery looks again on its own. Rarely: the
     * credential's issuance and delivery wake the join at once ({@link JoinWakeUps}); this is the safety net.
     */
    private static final Duration SAFETY_NET = Duration.ofSeconds(5);
    /** The safety net's longest pause, for a join that has waited for its wallet for two minutes or more. */
    private static final Duration SAFETY_NET_MAX = Duration.ofSeconds(30);
    /** The smallest Management API v3 call that needs the API key: one asset (a QuerySpec in JSON-LD). */
    private static final String ASSET_QUERY =
            "{\"@context\":{\"@vocab\":\"https://w3id.org/edc/v0.0.1/ns/\"},\"@type\":\"QuerySpec\",\"limit\":1}";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();

    @PersistenceContext(unitName = "kaphera")
    EntityManager em;

    @Inject
    Wallets wallets;

    @Inject
    Connectors connectors;

    @Inject
    OrganisationNamespaces namespaces;

    @Inject
    IssuerEndpoints issuer;

    @Inject
    KeyEncryptionKey kek;

    @EJB
    DataspaceService dataspaces;

    @EJB
    CredentialService credentials;

    @EJB
    com.kaphera.cloud.governance.credentials.Resolution resolution;

    @Inject
    com.kaphera.cloud.crd.kubernetes.KubernetesGateway kubernetes;

    /** How long the ready step watches per attempt (the lease must be longer). */
    @Inject
    @ConfigProperty(name = "kaphera.join.ready-watch-seconds", defaultValue = "20")
    int readyWatchSeconds;

    /** How long a wallet may take to ask our issuer before it is asked again. */
    @Inject
    @ConfigProperty(name = "kaphera.join.credential-wait-seconds", defaultValue = "120")
    int credentialWaitSeconds;

    /** {@code answer}: Ready means the connector answers DSP and management calls; {@code status}: the operator's word alone (benchmarks). */
    @Inject
    @ConfigProperty(name = "kaphera.join.connector-check", defaultValue = "answer")
    String connectorCheck;

    public StepOutcome run(JoinFlow join, Dataspace dataspace) {
        return switch (join.currentStep()) {
            case REQUEST -> throw new IllegalArgumentException("the request step runs in the recording transaction");
            case IDENTITY -> identity(join, dataspace);
            case CREDENTIAL -> credential(join, dataspace);
            case CONNECTOR -> connector(join, dataspace);
            case READY -> ready(join, dataspace);
        };
    }

    /** The participant context and DID the join will have: planned before the wallet holds them. */
    public Map<String, String> plan(JoinFlow join, String slug) {
        if (!join.deploymentModel().platformWallet()) {
            return Map.of(DID, JoinInputs.read(join.detail(JoinInputs.DETAIL)).holderDid());
        }
        String context = join.organisation() + "-" + slug;
        return Map.of(CONTEXT, context, DID, wallets.plan(context).did());
    }

    private StepOutcome identity(JoinFlow join, Dataspace dataspace) {
        if (!join.deploymentModel().platformWallet()) {
            return new StepOutcome.Done("Your wallet's DID " + join.detail(DID) + " will be used; it must ask our issuer "
                    + "for the membership credential next.");
        }
        Wallets.Identity identity = wallets.plan(join.detail(CONTEXT));
        String namespace = namespaces.namespaceOf(join.organisation());
        Map<String, String> details = new LinkedHashMap<>();
        details.put(NAMESPACE, namespace);
        String where = "in your wallet";
        if (join.deploymentModel() == DeploymentModel.DEDICATED_MANAGED) {
            // The organisation's own wallet first; then the same Identity API call as for the shared one, against it.
            List<String> created = connectors.provisionWallet(join, namespace, dataspace.slug(), wiring(join, dataspace));
            details.put(RESOURCES, String.join(",", created));
            var ready = connectors.awaitWalletReady(namespace, dataspace.slug(), Duration.ofSeconds(readyWatchSeconds));
            if (ready.isEmpty()) {
                return new StepOutcome.Working("Setting up your own wallet (" + String.join(", ", created)
                        + "); waiting for the operator to report it Ready…", Duration.ZERO, details);
            }
            Connectors.WalletStatus wallet = ready.get();
            String problem = walletProblem(wallet, identity.did());
            if (problem != null) {
                return wallet.did() != null && !wallet.did().equals(identity.did())
                        ? new StepOutcome.Permanent(problem, "Your wallet does not serve your DID: " + problem)
                        : new StepOutcome.Transient(problem);
            }
            identity = identity.in(URI.create(wallet.identityApiUrl()));
            if (wallet.credentialServiceUrl() != null) {
                identity = identity.withCredentialService(URI.create(wallet.credentialServiceUrl()));
            }
            details.put(WALLET_API, wallet.identityApiUrl());
            where = "in your own wallet (" + wallet.resource() + ")";
        }
        try {
            String secret = wallets.createParticipant(identity);
            // Straight into the organisation's namespace for the connector; never stored here.
            kubernetes.putSecret(namespace, new CrdConnectors.Names(dataspace.slug()).stsSecret(),
                    Map.of(CrdConnectors.JOIN_LABEL, join.id().toString(), CrdConnectors.MANAGED_BY, "kaphera-cloud-server"),
                    Map.of(CrdConnectors.STS_KEY, secret));
        } catch (Wallets.WalletException e) {
            return walletFailure(e, "The wallet refused to create your identity: ");
        }
        return new StepOutcome.Done("Your identity " + identity.did() + " is " + where + ", with its own key.", details);
    }

    /**
     * Null when a Ready dedicated wallet can be used for {@code plannedDid}; else what is wrong: its operator
     * did not report the DID or the Identity API's address, or the wallet serves another DID.
     */
    static String walletProblem(Connectors.WalletStatus wallet, String plannedDid) {
        if (wallet.did() == null || wallet.identityApiUrl() == null || wallet.identityApiUrl().isBlank()) {
            return "the operator reports " + wallet.resource() + " Ready but not its "
                    + (wallet.did() == null ? "status.did" : "status.identityApiUrl");
        }
        if (!wallet.did().equals(plannedDid)) {
            return wallet.resource() + " serves " + wallet.did() + ", not the planned DID " + plannedDid;
        }
        return null;
    }

    /** The join's participant in the wallet that holds it: the platform's shared one, or (dedicated) its own. */
    private Wallets.Identity identityOf(JoinFlow join) {
        Wallets.Identity planned = wallets.plan(join.detail(CONTEXT));
        String own = join.detail(WALLET_API);
        return own == null ? planned : planned.in(URI.create(own));
    }

    private StepOutcome credential(JoinFlow join, Dataspace dataspace) {
        if (dataspace.isRemote()) {
            return remoteCredential(join, dataspace);
        }
        String did = join.detail(DID);
        List<CredentialIssuance> issuances = em.createQuery("select i from CredentialIssuance i where i.dataspaceId = :d "
                        + "and i.holderDid = :h order by i.createdAt desc", CredentialIssuance.class)
                .setParameter("d", dataspace.id()).setParameter("h", did).getResultList();
        boolean platformWallet = join.deploymentModel().platformWallet();
        CredentialIssuance issuance = issuances.stream()
                .filter(i -> !platformWallet || i.holderPid() != null && i.holderPid().startsWith(holderPidBase(join)))
                .findFirst().orElse(null);
        if (issuance == null) {
            if (!platformWallet) {
                return new StepOutcome.AwaitPerson(JoinState.AWAITING_APPLICANT, "the applicant's wallet",
                        "Have your wallet (DID " + did + ") request " + types(dataspace) + " from the issuer "
                                + issuerDid(dataspace) + " over DCP; the join continues when it asks.");
            }
            return askWallet(join, dataspace, "Your wallet is asking the issuer for your membership credential…",
                    "Your wallet did not ask within " + credentialWaitSeconds + " s; asked it again…", true);
        }
        return switch (issuance.state()) {
            // Delivered: the delivery wakes the join. Until then, look again when the next delivery attempt is due.
            case CredentialIssuance.ISSUED -> new StepOutcome.Working("Issuing your membership credential… (delivering it "
                    + "to your wallet" + (issuance.attempts() > 0 ? ", attempt " + (issuance.attempts() + 1) : "") + ")",
                    issuance.nextAttemptAt() == null ? SAFETY_NET
                            : min(SAFETY_NET, Duration.between(Times.now(), issuance.nextAttemptAt()).plusMillis(200)));
            case CredentialIssuance.FAILED -> new StepOutcome.Permanent("the credential could not be delivered: "
                    + issuance.lastError(), "The credential was issued but could not be delivered to your wallet ("
                    + issuance.lastError() + "). The authority can retry the delivery; then retry this join.");
            default -> verified(issuance, dataspace);
        };
    }

    /**
     * A dataspace hosted elsewhere: its issuer (the remote platform) writes nothing here, so the join asks
     * the wallet to request the credential from the remote issuer DID, then looks in the wallet (Identity
     * API) for a credential of that issuer about the join's DID, and verifies it (signature against the
     * issuer's DID document, trusted issuer = the remote one only, expiry, status list).
     */
    private StepOutcome remoteCredential(JoinFlow join, Dataspace dataspace) {
        String did = join.detail(DID);
        String issuerDid = dataspace.remoteIssuerDid();
        Wallets.Identity identity = identityOf(join);
        List<String> held;
        try {
            held = wallets.credentials(identity).stream().filter(vc -> about(vc, issuerDid, did)).toList();
        } catch (Wallets.WalletException e) {
            return walletFailure(e, "Your wallet refused to list your credentials: ");
        }
        if (!held.isEmpty()) {
            Set<String> trusted = Set.of(issuerDid);
            for (String vc : held) {
                Verification v = new CredentialVerifier().verify(vc, trusted, resolution.dids().onlyFor(trusted::contains),
                        resolution.statusLists(), Clock.systemUTC());
                if (!v.valid()) {
                    return new StepOutcome.Permanent("a credential from " + issuerDid + " in the wallet does not verify: "
                            + v.checks(), "A credential of " + dataspace.displayName() + " reached your wallet but does not "
                            + "verify; the dataspace's authority must look at it.");
                }
            }
            return new StepOutcome.Done("Your membership credential (" + held.size() + ") from " + issuerDid + " is in your "
                    + "wallet and verifies.", Map.of(REMOTE_ISSUER, issuerDid));
        }
        return askWallet(join, dataspace, "Your wallet is asking " + dataspace.displayName() + "'s issuer for your membership "
                + "credential…", "No credential arrived within " + credentialWaitSeconds + " s; asked again…", false);
    }

    /**
     * Has the platform-run wallet ask the dataspace's issuer for the credential, once, and again after
     * {@code credentialWaitSeconds} without an answer; until then the join looks again on its safety net
     * ({@code wokenByIssuer}: our issuer's receipt of the request wakes the join, so the net can widen;
     * a remote issuer's delivery wakes nothing). Each ask carries a new holderPid: IdentityHub answers
     * 409 to a holderPid it has seen and does nothing, so asking again under the old one would be idle.
     */
    private StepOutcome askWallet(JoinFlow join, Dataspace dataspace, String asking, String askedAgain, boolean wokenByIssuer) {
        Instant asked = join.detail(REQUESTED_AT) == null ? null : Instant.parse(join.detail(REQUESTED_AT));
        Instant askAgain = asked == null ? null : asked.plusSeconds(credentialWaitSeconds);
        if (askAgain != null && askAgain.isAfter(Times.now())) {
            Duration net = wokenByIssuer ? safetyNet(Duration.between(asked, Times.now())) : SAFETY_NET;
            return new StepOutcome.Working(asking, min(net, Duration.between(Times.now(), askAgain)));
        }
        String holderPid = asked == null ? join.detail(HOLDER_PID) == null ? holderPidBase(join) : join.detail(HOLDER_PID)
                : nextHolderPid(holderPidBase(join), join.detail(HOLDER_PID));
        try {
            wallets.requestCredentials(identityOf(join), issuerDid(dataspace), holderPid, types(dataspace));
        } catch (Wallets.WalletException e) {
            return walletFailure(e, "Your wallet refused to ask for the credential: ");
        }
        return new StepOutcome.Working(asked == null ? asking : askedAgain, SAFETY_NET,
                Map.of(REQUESTED_AT, Times.now().toString(), HOLDER_PID, holderPid));
    }

    private static String holderPidBase(JoinFlow join) {
        return "join-" + join.id();
    }

    /** {@code base}, then {@code base-2}, {@code base-3}…: the holderPid of the next ask after {@code current}. */
    static String nextHolderPid(String base, String current) {
        if (current == null || !current.startsWith(base)) {
            return base;
        }
        if (current.equals(base)) {
            return base + "-2";
        }
        try {
            return base + "-" + (Integer.parseInt(current.substring(base.length() + 1)) + 1);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return base + "-2";
        }
    }

    /** A wallet's refusal is permanent (a person must look), anything else is retried. */
    private static StepOutcome walletFailure(Wallets.WalletException e, String toPerson) {
        return e.permanent() ? new StepOutcome.Permanent(e.getMessage(), toPerson + e.getMessage())
                : new StepOutcome.Transient(e.getMessage());
    }

    /** Whether a VC-JWT names {@code issuer} as its issuer and {@code subject} as its subject (not yet verified). */
    private static boolean about(String vcJwt, String issuer, String subject) {
        try {
            com.nimbusds.jwt.JWTClaimsSet claims = com.nimbusds.jwt.JWTParser.parse(vcJwt).getJWTClaimsSet();
            return issuer.equals(claims.getIssuer()) && (claims.getSubject() == null || subject.equals(claims.getSubject()));
        } catch (java.text.ParseException | RuntimeException e) {
            return false;
        }
    }

    /** The dataspace's issuer: ours, or the remote platform's (read from its directory when registered). */
    String issuerDid(Dataspace dataspace) {
        return dataspace.isRemote() ? dataspace.remoteIssuerDid() : issuer.did(dataspace.slug());
    }

    private StepOutcome verified(CredentialIssuance issuance, Dataspace dataspace) {
        List<IssuedCredential> issued = em.createQuery("select c from IssuedCredential c where c.issuanceId = :i",
                IssuedCredential.class).setParameter("i", issuance.id()).getResultList();
        for (IssuedCredential c : issued) {
            Verification v = credentials.verify(Caller.system("join-verify"), c.jwt(), dataspace.slug());
            if (!v.valid()) {
                return new StepOutcome.Permanent("the delivered credential does not verify: " + v.checks(),
                        "Your credential " + c.id() + " was delivered but does not verify; the authority must look at it.");
            }
        }
        return new StepOutcome.Done("Your membership credential (" + issued.size() + ") is in your wallet and verifies.",
                Map.of(ISSUANCE, issuance.id().toString()));
    }

    private StepOutcome connector(JoinFlow join, Dataspace dataspace) {
        if (!join.deploymentModel().platformWallet()) {
            if (join.detail(DSP) != null) {
                return new StepOutcome.Done("Your connector reported in at " + join.detail(DSP) + ".");
            }
            return new StepOutcome.AwaitPerson(JoinState.AWAITING_APPLICANT, "the applicant's operators",
                    "Apply the configuration bundle (GET /api/v1/organisations/" + join.organisation() + "/joins/" + join.id()
                            + "/bundle) with your operators, then report your connector's DSP endpoint (POST …/joins/"
                            + join.id() + "/connector).");
        }
        String namespace = namespaces.namespaceOf(join.organisation());
        List<String> created = connectors.provision(join, namespace, join.deploymentModel(), dataspace.slug(), wiring(join, dataspace));
        // Dedicated: the wallet's resources the identity step created stay listed with the connector's.
        Set<String> all = new LinkedHashSet<>();
        if (join.deploymentModel() == DeploymentModel.DEDICATED_MANAGED && join.detail(RESOURCES) != null) {
            all.addAll(Arrays.asList(join.detail(RESOURCES).split(",")));
        }
        all.addAll(created);
        return new StepOutcome.Done("Your connector's resources were created: " + String.join(", ", created) + ".",
                Map.of(RESOURCES, String.join(",", all), NAMESPACE, namespace));
    }

    /** How a connector is wired; its management API key is derived, so a re-run hands out the same one. */
    public Connectors.Wiring wiring(JoinFlow join, Dataspace dataspace) {
        String context = join.detail(CONTEXT);
        Wallets.Identity identity = context == null ? null : wallets.plan(context);
        return new Connectors.Wiring(join.detail(LEGAL_ENTITY), join.detail(DID), context, issuerDid(dataspace),
                identity == null ? null : identity.stsTokenUrl(), identity == null ? null : identity.credentialService(),
                managementKey(join));
    }

    public String managementKey(JoinFlow join) {
        return Kek.derive(kek.get(), "connector-management-api:" + join.id());
    }

    private StepOutcome ready(JoinFlow join, Dataspace dataspace) {
        String dsp;
        String management = null;
        if (join.deploymentModel().platformWallet()) {
            var ready = connectors.awaitReady(join.detail(NAMESPACE), dataspace.slug(), Duration.ofSeconds(readyWatchSeconds));
            if (ready.isEmpty()) {
                return new StepOutcome.Working("Waiting for the operator to report your connector Ready…", Duration.ZERO);
            }
            dsp = ready.get().dsp();
            management = ready.get().management();
            if ("status".equals(connectorCheck)) {
                return new StepOutcome.Done("The operator reports your connector Ready (its answers were not checked: "
                        + "kaphera.join.connector-check=status).", endpoints(dsp, management));
            }
            if (dsp == null || management == null) {
                return new StepOutcome.Transient("the operator reports Ready but no dspEndpoint/managementEndpoint");
            }
        } else {
            dsp = join.detail(DSP);
        }
        String problem = answers(URI.create(trim(dsp) + "/.well-known/dspace-version"), "GET", null, null);
        if (problem == null && management != null) {
            problem = answers(URI.create(trim(management) + "/v3/assets/request"), "POST", ASSET_QUERY, managementKey(join));
        }
        if (problem != null) {
            return new StepOutcome.Transient(problem);
        }
        if (join.deploymentModel().platformWallet()) {
            try {
                wallets.publishProtocolEndpoint(identityOf(join), URI.create(dsp));
            } catch (Wallets.WalletException e) {
                return new StepOutcome.Transient(e.getMessage());
            }
        }
        return new StepOutcome.Done("Your connector answers on " + dsp + " and is published to the dataspace's members. "
                + "You can exchange data.", endpoints(dsp, management));
    }

    private static Map<String, String> endpoints(String dsp, String management) {
        return management == null ? (dsp == null ? Map.of() : Map.of(DSP, dsp)) : Map.of(DSP, dsp == null ? "" : dsp, MANAGEMENT, management);
    }

    /** Null when {@code uri} answers 2xx; else what went wrong. */
    private static String answers(URI uri, String method, String body, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (apiKey != null) {
            request.header("x-api-key", apiKey);
        }
        try {
            int status = HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2 ? null : uri + " answered HTTP " + status;
        } catch (IOException e) {
            return uri + " does not answer (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private List<String> types(Dataspace dataspace) {
        if (dataspace.isRemote()) {
            return dataspace.remoteCredentialTypes().isEmpty() ? List.of("MembershipCredential") : dataspace.remoteCredentialTypes();
        }
        return dataspaces.published(dataspace).map(v -> v.profile().credentialTypes()).filter(t -> !t.isEmpty())
                .orElse(List.of("MembershipCredential"));
    }

    /**
     * How long a join that has waited {@code waited} for its wallet pauses before looking again on its
     * own: a quarter of the wait, between 5 and 30 s. The issuer's receipt of the wallet's request wakes
     * the join in the same transaction, so this only bounds what a lost wake-up could cost, and a
     * thousand joins queued behind a slow wallet do not re-look at it 200 times a second.
     */
    static Duration safetyNet(Duration waited) {
        Duration quarter = waited.isNegative() ? Duration.ZERO : waited.dividedBy(4);
        return quarter.compareTo(SAFETY_NET) < 0 ? SAFETY_NET : quarter.compareTo(SAFETY_NET_MAX) > 0 ? SAFETY_NET_MAX : quarter;
    }

    private static Duration min(Duration a, Duration b) {
        Duration shorter = a.compareTo(b) <= 0 ? a : b;
        return shorter.isNegative() ? Duration.ZERO : shorter;
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
