package com.kaphera.dev.connector;

import java.util.List;
import java.util.Map;
import org.eclipse.edc.connector.controlplane.catalog.spi.policy.CatalogPolicyContext;
import org.eclipse.edc.connector.controlplane.contract.spi.policy.ContractNegotiationPolicyContext;
import org.eclipse.edc.connector.controlplane.contract.spi.policy.TransferProcessPolicyContext;
import org.eclipse.edc.iam.decentralizedclaims.spi.SecureTokenService;
import org.eclipse.edc.iam.decentralizedclaims.sts.remote.RemoteSecureTokenService;
import org.eclipse.edc.iam.decentralizedclaims.sts.remote.StsRemoteClientConfiguration;
import org.eclipse.edc.iam.oauth2.spi.client.Oauth2Client;
import org.eclipse.edc.participant.spi.ParticipantAgentPolicyContext;
import org.eclipse.edc.policy.context.request.spi.RequestCatalogPolicyContext;
import org.eclipse.edc.policy.context.request.spi.RequestContractNegotiationPolicyContext;
import org.eclipse.edc.policy.context.request.spi.RequestPolicyContext;
import org.eclipse.edc.policy.context.request.spi.RequestTransferProcessPolicyContext;
import org.eclipse.edc.policy.engine.spi.PolicyEngine;
import org.eclipse.edc.policy.engine.spi.RuleBindingRegistry;
import org.eclipse.edc.policy.model.Permission;
import org.eclipse.edc.runtime.metamodel.annotation.Extension;
import org.eclipse.edc.runtime.metamodel.annotation.Inject;
import org.eclipse.edc.runtime.metamodel.annotation.Provider;
import org.eclipse.edc.runtime.metamodel.annotation.Setting;
import org.eclipse.edc.spi.EdcException;
import org.eclipse.edc.spi.iam.TokenRepresentation;
import org.eclipse.edc.spi.monitor.Monitor;
import org.eclipse.edc.spi.result.Result;
import org.eclipse.edc.spi.security.Vault;
import org.eclipse.edc.spi.system.ServiceExtension;
import org.eclipse.edc.spi.system.ServiceExtensionContext;
import org.eclipse.edc.web.jetty.JettyService;

import static org.eclipse.edc.policy.model.OdrlNamespace.ODRL_SCHEMA;
import static org.eclipse.edc.spi.constants.CoreConstants.EDC_NAMESPACE;

/**
 * <strong>DEV/TEST ONLY.</strong> What an Eclipse EDC 0.15.1 control plane with DCP identity lacks to
 * run on a developer's machine for kaphera-dev-operator ({@code --connectors real}), and nothing more:
 * <ul>
 *   <li>a {@link SecureTokenService}: EDC's {@link RemoteSecureTokenService} pointed at the wallet's STS
 *       ({@code edc.iam.sts.oauth.token.url}, client id {@code edc.iam.sts.oauth.client.id}, secret from
 *       the vault under {@code edc.iam.sts.oauth.client.secret.alias}). The DCP core requires one, and the
 *       0.15.1 extension that registers it is not on Maven Central;</li>
 *   <li>a default DCP scope for every DSP request (a blank scope is refused by the wallet);</li>
 *   <li>a policy function for the {@code MembershipCredential} constraint, with {@code odrl:use} bound
 *       to the policy scopes (else EDC drops the whole permission and the constraint never runs);</li>
 *   <li>every Jetty connector bound to 127.0.0.1 (EDC binds 0.0.0.0 and has no host setting);</li>
 *   <li>secrets seeded into EDC's in-memory vault from environment variables ({@link VaultSeed}), so that
 *       they are never on a command line or in a configuration file.</li>
 * </ul>
 * Never part of the server's EAR; never run it with a public interface or as a production connector.
 */
@Extension(DevOnlyConnectorExtension.NAME)
public class DevOnlyConnectorExtension implements ServiceExtension {
    public static final String NAME = "Kaphera DEV-ONLY connector (remote STS, default DCP scope, MembershipCredential, loopback)";
    static final String LOOPBACK = "127.0.0.1";
    static final String DEFAULT_SCOPE = "org.eclipse.edc.vc.type:MembershipCredential:read";

    @Setting(key = "edc.iam.sts.oauth.token.url", required = false,
            description = "DEV ONLY. The wallet's STS token endpoint, e.g. http://127.0.0.1:7004/api/sts/token")
    private String stsTokenUrl;
    @Setting(key = "edc.iam.sts.oauth.client.id", required = false,
            description = "DEV ONLY. The STS client id (the participant's DID)")
    private String stsClientId;
    @Setting(key = "edc.iam.sts.oauth.client.secret.alias", required = false,
            description = "DEV ONLY. Vault alias of the STS client secret")
    private String stsClientSecretAlias;
    @Setting(key = "kaphera.dev.connector.dcp.default-scopes", required = false, defaultValue = DEFAULT_SCOPE,
            description = "DEV ONLY. Comma-separated DCP scopes asked for on every DSP request")
    private String defaultScopes;
    @Setting(key = "edc.participant.id", required = false, description = "The participant's id (its DID for DCP)")
    private String participantId;
    @Setting(key = "edc.participant.context.id", required = false, description = "The participant context id")
    private String participantContextId;

    @Inject
    private JettyService jetty;
    @Inject
    private Vault vault;
    @Inject
    private Oauth2Client oauth2Client;
    @Inject
    private PolicyEngine policyEngine;
    @Inject
    private RuleBindingRegistry ruleBindings;
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
        // Before prepare(), where the management API's tokenbased auth resolves web.http.management.auth.key.alias.
        seedVault(VaultSeed.fromEnvironment(System.getenv()));
        registerDefaultScopes(DcpScopes.parse(defaultScopes));
        registerMembershipFunction();
        monitor.warning("DEV ONLY: %s; every connector bound to %s".formatted(NAME, LOOPBACK));
    }

    @Provider
    public SecureTokenService secureTokenService() {
        if (stsTokenUrl == null || stsTokenUrl.isBlank()) {
            monitor.warning("DEV ONLY: edc.iam.sts.oauth.token.url is not set; this connector cannot obtain DCP tokens,"
                    + " so every DSP request it sends fails (it still answers its management API and DSP)");
            return (participantContext, claims, scope) -> Result.failure(
                    "DEV ONLY connector without STS: set edc.iam.sts.oauth.token.url, .client.id and .client.secret.alias");
        }
        var configuration = new StsRemoteClientConfiguration(stsTokenUrl, stsClientId, stsClientSecretAlias);
        var remote = new RemoteSecureTokenService(oauth2Client, participantContext -> configuration, vault);
        return (participantContext, claims, scope) -> {
            Result<TokenRepresentation> token = remote.createToken(participantContext, claims, scope);
            if (token.failed()) {
                monitor.warning("DEV ONLY: no token from the STS at %s: %s".formatted(stsTokenUrl, token.getFailureDetail()));
            }
            return token;
        };
    }

    /** Each secret under its alias, in the participant context's partition (where EDC looks it up). */
    private void seedVault(List<VaultSeed.Secret> secrets) {
        var partition = participantContextId != null ? participantContextId : participantId;
        for (var secret : secrets) {
            vault.storeSecret(partition, secret.alias(), secret.value())
                    .orElseThrow(f -> new EdcException("Cannot seed the in-memory vault: " + f.getFailureDetail()));
        }
        // Aliases only: the values are never logged.
        monitor.info("DEV ONLY: %d secret(s) seeded into the in-memory vault from %s* environment variables: %s"
                .formatted(secrets.size(), VaultSeed.PREFIX, secrets.stream().map(VaultSeed.Secret::alias).sorted().toList()));
    }

    private void registerDefaultScopes(List<String> scopes) {
        addScopes(RequestCatalogPolicyContext.class, scopes);
        addScopes(RequestContractNegotiationPolicyContext.class, scopes);
        addScopes(RequestTransferProcessPolicyContext.class, scopes);
    }

    private <C extends RequestPolicyContext> void addScopes(Class<C> contextType, List<String> scopes) {
        policyEngine.registerPostValidator(contextType, (policy, context) -> {
            var builder = context.requestScopeBuilder();
            if (builder == null) {
                return false;
            }
            scopes.forEach(builder::scope);
            return true;
        });
    }

    private void registerMembershipFunction() {
        bind(CatalogPolicyContext.class, CatalogPolicyContext.CATALOG_SCOPE);
        bind(ContractNegotiationPolicyContext.class, ContractNegotiationPolicyContext.NEGOTIATION_SCOPE);
        bind(TransferProcessPolicyContext.class, TransferProcessPolicyContext.TRANSFER_SCOPE);
    }

    private <C extends ParticipantAgentPolicyContext> void bind(Class<C> contextType, String scope) {
        // Without the action bound, EDC removes the permission before evaluation and the constraint never runs.
        ruleBindings.bind("use", scope);
        ruleBindings.bind(ODRL_SCHEMA + "use", scope);
        for (var key : List.of(MembershipConstraint.LEFT_OPERAND, EDC_NAMESPACE + MembershipConstraint.LEFT_OPERAND)) {
            ruleBindings.bind(key, scope);
            policyEngine.registerFunction(contextType, Permission.class, key,
                    (operator, right, permission, context) -> report(context, MembershipConstraint.evaluate(operator, right,
                            context.participantAgent() == null ? Map.of() : context.participantAgent().getClaims())));
        }
    }

    private static boolean report(ParticipantAgentPolicyContext context, Result<Void> result) {
        if (result.failed()) {
            context.reportProblem(result.getFailureDetail());
        }
        return result.succeeded();
    }
}
