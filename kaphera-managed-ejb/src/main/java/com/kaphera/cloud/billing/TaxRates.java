package com.kaphera.cloud.billing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The tax rate (percent) by the buyer's country: {@code kaphera.billing.tax-rates} ("DE:19,FR:20,CH:8.1"),
 * and {@code kaphera.billing.default-tax-rate} for every other country. Read by the invoice run and the
 * preview, so both charge the same tax. A malformed setting fails the first use loudly, never bills 0 %.
 */
@ApplicationScoped
public class TaxRates {
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    /** Standard VAT rates of the pilot's countries; production sets its own list. */
    public static final String DEFAULT_RATES = "DE:19,FR:20,NL:21,AT:20,CH:8.1";

    @Inject
    @ConfigProperty(name = "kaphera.billing.tax-rates", defaultValue = DEFAULT_RATES)
    String rates;

    @Inject
    @ConfigProperty(name = "kaphera.billing.default-tax-rate", defaultValue = "0")
    String defaultRate;

    private volatile Table table;

    /** The rates as configured; immutable. */
    public record Table(Map<String, BigDecimal> byCountry, BigDecimal fallback) {
        public Table {
            byCountry = Map.copyOf(byCountry);
        }

        /** The rate in percent for {@code country} (ISO 3166-1 alpha-2). */
        public BigDecimal rateFor(String country) {
            return byCountry.getOrDefault(country, fallback);
        }
    }

    public BigDecimal rateFor(String country) {
        Table t = table;
        if (t == null) {
            t = parse(rates, defaultRate);
            table = t;
        }
        return t.rateFor(country);
    }

    /** Parses {@code "DE:19,FR:20"}; rates between 0 and 100 with at most 4 decimals (invoice.tax_rate is numeric(7,4)). */
    public static Table parse(String rates, String defaultRate) {
        Map<String, BigDecimal> byCountry = new TreeMap<>();
        for (String entry : rates.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.strip().split(":");
            if (parts.length != 2 || !COUNTRIES.contains(parts[0].strip())) {
                throw new IllegalStateException("kaphera.billing.tax-rates: '" + entry.strip()
                        + "' is not COUNTRY:RATE with an ISO 3166-1 alpha-2 country such as DE:19");
            }
            if (byCountry.put(parts[0].strip(), rate("kaphera.billing.tax-rates " + parts[0].strip(), parts[1])) != null) {
                throw new IllegalStateException("kaphera.billing.tax-rates names " + parts[0].strip() + " twice");
            }
        }
        return new Table(byCountry, rate("kaphera.billing.default-tax-rate", defaultRate == null ? "0" : defaultRate));
    }

    private static BigDecimal rate(String key, String value) {
        try {
            BigDecimal r = new BigDecimal(value.strip());
            if (r.signum() < 0 || r.compareTo(BigDecimal.valueOf(100)) > 0 || r.stripTrailingZeros().scale() > 4) {
                throw new NumberFormatException();
            }
            return r;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(key + ": '" + value.strip() + "' is not a percentage between 0 and 100 "
                    + "with at most 4 decimals");
        }
    }
}
