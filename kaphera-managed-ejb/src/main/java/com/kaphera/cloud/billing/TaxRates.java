package com.kaphera.cloud.billing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tax per customer country, in percent, from configuration: {@code kaphera.billing.tax-rates}
 * ("DE:19,FR:20,NL:21") and {@code kaphera.billing.default-tax-rate} for any other country (0 unless
 * set). Read once; an invoice keeps the rate it was issued with.
 */
@ApplicationScoped
public class TaxRates {
    @Inject
    @ConfigProperty(name = "kaphera.billing.tax-rates")
    Optional<String> table;

    @Inject
    @ConfigProperty(name = "kaphera.billing.default-tax-rate", defaultValue = "0")
    BigDecimal defaultRate;

    private volatile Map<String, BigDecimal> rates;

    public BigDecimal rateFor(String country) {
        Map<String, BigDecimal> r = rates;
        if (r == null) {
            r = parse(table.orElse(""));
            rates = r;
        }
        return r.getOrDefault(country.toUpperCase(Locale.ROOT), defaultRate);
    }

    /** "DE:19,FR:20" → {DE=19, FR=20}; a malformed entry stops the server from billing wrongly (fails loudly). */
    static Map<String, BigDecimal> parse(String text) {
        Map<String, BigDecimal> m = new TreeMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] kv = entry.strip().split(":");
            if (kv.length != 2 || !kv[0].strip().matches("[A-Za-z]{2}")) {
                throw new IllegalArgumentException("kaphera.billing.tax-rates: '" + entry + "' is not COUNTRY:PERCENT");
            }
            m.put(kv[0].strip().toUpperCase(Locale.ROOT), new BigDecimal(kv[1].strip()));
        }
        return m;
    }
}
