package com.kaphera.dev.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.edc.iam.verifiablecredentials.spi.model.CredentialSubject;
import org.eclipse.edc.iam.verifiablecredentials.spi.model.Issuer;
import org.eclipse.edc.iam.verifiablecredentials.spi.model.VerifiableCredential;
import org.eclipse.edc.policy.model.Operator;
import org.eclipse.edc.spi.EdcException;
import org.junit.jupiter.api.Test;

class DevOnlyConnectorExtensionTest {

    @Test
    void seedsEachPrefixedVariableAsAliasAndSecret() {
        var secrets = VaultSeed.fromEnvironment(Map.of(
                "KAPHERA_DEV_VAULT_MANAGEMENT_API_KEY", "kaphera-dev-management-api-key=k3y==",
                "KAPHERA_DEV_VAULT_STS_CLIENT_SECRET", "did:web:127.0.0.1%3A7003:sme-castings-sts-client-secret=s3cr3t",
                "PATH", "/usr/bin"));

        assertEquals(List.of(new VaultSeed.Secret("kaphera-dev-management-api-key", "k3y=="),
                new VaultSeed.Secret("did:web:127.0.0.1%3A7003:sme-castings-sts-client-secret", "s3cr3t")), secrets);
    }

    @Test
    void refusesAVariableWithoutAliasOrSecretAndNeverEchoesIt() {
        var noAlias = assertThrows(EdcException.class,
                () -> VaultSeed.fromEnvironment(Map.of("KAPHERA_DEV_VAULT_X", "just-a-secret")));
        assertFalse(noAlias.getMessage().contains("just-a-secret"));
        assertThrows(EdcException.class, () -> VaultSeed.fromEnvironment(Map.of("KAPHERA_DEV_VAULT_X", "alias=")));
        assertThrows(EdcException.class, () -> VaultSeed.fromEnvironment(Map.of("KAPHERA_DEV_VAULT_X", "=secret")));
    }

    @Test
    void secretsDoNotPrintTheirValue() {
        assertFalse(new VaultSeed.Secret("alias", "s3cr3t").toString().contains("s3cr3t"));
    }

    @Test
    void parsesDefaultScopesAndRefusesBlankOnes() {
        assertEquals(List.of(DevOnlyConnectorExtension.DEFAULT_SCOPE), DcpScopes.parse(DevOnlyConnectorExtension.DEFAULT_SCOPE));
        assertEquals(2, DcpScopes.parse("org.eclipse.edc.vc.type:MembershipCredential:read, org.eclipse.edc.vc.type:DataExchangeGovernanceCredential:read").size());
        assertThrows(EdcException.class, () -> DcpScopes.parse(" , "));
        assertThrows(EdcException.class, () -> DcpScopes.parse("MembershipCredential"));
    }

    @Test
    void membershipIsMetByAPresentedMembershipCredential() {
        var claims = Map.<String, Object>of("vc", List.of(credential("VerifiableCredential", "MembershipCredential")));

        assertTrue(MembershipConstraint.evaluate(Operator.EQ, "active", claims).succeeded());
    }

    @Test
    void membershipIsNotMetWithoutOneOrWithAnotherOperatorOrOperand() {
        var other = Map.<String, Object>of("vc", List.of(credential("VerifiableCredential", "DataExchangeGovernanceCredential")));
        var member = Map.<String, Object>of("vc", List.of(credential("VerifiableCredential", "MembershipCredential")));

        assertTrue(MembershipConstraint.evaluate(Operator.EQ, "active", other).failed());
        assertTrue(MembershipConstraint.evaluate(Operator.EQ, "active", Map.of()).failed());
        assertTrue(MembershipConstraint.evaluate(Operator.NEQ, "active", member).failed());
        assertTrue(MembershipConstraint.evaluate(Operator.EQ, "revoked", member).failed());
    }

    private static VerifiableCredential credential(String... types) {
        return VerifiableCredential.Builder.newInstance()
                .types(List.of(types))
                .issuer(new Issuer("did:web:127.0.0.1%3A7003:kaphera-dataspace-issuer"))
                .issuanceDate(Instant.parse("2026-12-01T08:00:00Z"))
                .credentialSubject(CredentialSubject.Builder.newInstance().id("did:web:127.0.0.1%3A7003:sme-castings")
                        .claim("holderIdentifier", "BPNL000000SME001").build())
                .build();
    }
}
