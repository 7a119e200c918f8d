package com.kaphera.dev.connector;

import java.util.Collection;
import java.util.Map;
import org.eclipse.edc.iam.verifiablecredentials.spi.model.VerifiableCredential;
import org.eclipse.edc.policy.model.Operator;
import org.eclipse.edc.spi.result.Result;

/**
 * The {@code MembershipCredential eq active} constraint: met when the counterparty presented a
 * MembershipCredential. DCP has already checked each presented credential (signature, trusted issuer,
 * validity period, revocation) before the policy runs, so presence is the whole rule here.
 */
final class MembershipConstraint {

    static final String LEFT_OPERAND = "MembershipCredential";
    static final String ACTIVE = "active";
    /** Where DCP puts the presented credentials in the participant agent's claims. */
    static final String VC_CLAIM = "vc";

    private MembershipConstraint() {
    }

    static Result<Void> evaluate(Operator operator, Object rightOperand, Map<String, Object> claims) {
        if (operator != Operator.EQ) {
            return Result.failure("MembershipCredential constraint: only operator eq is supported, not " + operator);
        }
        if (!ACTIVE.equals(rightOperand)) {
            return Result.failure("MembershipCredential constraint: the right operand must be '%s', not '%s'".formatted(ACTIVE, rightOperand));
        }
        var presented = claims.get(VC_CLAIM);
        if (presented instanceof Collection<?> credentials) {
            for (var credential : credentials) {
                if (credential instanceof VerifiableCredential vc
                        && vc.getType().stream().anyMatch(type -> type.equals(LEFT_OPERAND) || type.endsWith("/" + LEFT_OPERAND)
                        || type.endsWith("#" + LEFT_OPERAND) || type.endsWith(":" + LEFT_OPERAND))) {
                    return Result.success();
                }
            }
        }
        return Result.failure("The counterparty presented no MembershipCredential");
    }
}
