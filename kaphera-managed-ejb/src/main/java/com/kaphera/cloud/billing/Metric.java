package com.kaphera.cloud.billing;

import java.util.Arrays;
import java.util.Optional;

/**
 * What is metered: the one catalogue plans price, usage events name and invoices show. Connector-hours,
 * credentials and joins come from the platform's own features; data transferred and contract
 * negotiations from connectors and data planes (POST /api/v1/usage-events).
 */
public enum Metric {
    CONNECTOR_HOURS("connector-hours", "hour", "Connector hours"),
    DATA_TRANSFERRED_GB("data-transferred-gb", "GB", "Data transferred"),
    CONTRACT_NEGOTIATIONS("contract-negotiations", "negotiation", "Contract negotiations"),
    CREDENTIALS_ISSUED("credentials-issued", "credential", "Credentials issued"),
    JOINS("joins", "join", "Dataspace joins");

    private final String id;
    private final String unit;
    private final String label;

    Metric(String id, String unit, String label) {
        this.id = id;
        this.unit = unit;
        this.label = label;
    }

    public String id() {
        return id;
    }

    public String unit() {
        return unit;
    }

    /** In plain language, for invoice lines and the preview. */
    public String label() {
        return label;
    }

    public static Optional<Metric> of(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }

    /** For error messages: every id, comma-separated. */
    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(Metric::id).toList());
    }
}
