package com.kaphera.cloud.join;

import com.kaphera.cloud.governance.membership.MembershipInputs;

/**
 * What {@code POST …/joins} asks for: the dataspace (slug), the deployment model and the membership
 * inputs (legal-entity id, attestations, presented credentials; the holder DID only on-premise,
 * where the customer's wallet holds it).
 */
public record JoinRequest(String dataspace, String deploymentModel, MembershipInputs inputs) {
}
