package com.kaphera.cloud.join;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the participant's connector runs. Shared managed: in the organisation's namespace on the
 * platform's shared infrastructure and multi-tenant wallet. Dedicated managed: its own PostgreSQL,
 * Vault, NATS and wallet resources first. On-premise: the customer's own operators and wallet; the
 * platform hands out configuration and waits for them to report in.
 */
public enum DeploymentModel {
    SHARED_MANAGED, DEDICATED_MANAGED, ON_PREMISE;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<DeploymentModel> fromId(String id) {
        return Arrays.stream(values()).filter(m -> m.id().equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(DeploymentModel::id).toList();
    }

    /** Whether the platform runs the participant's wallet (and so creates its identity itself). */
    public boolean platformWallet() {
        return this != ON_PREMISE;
    }
}
