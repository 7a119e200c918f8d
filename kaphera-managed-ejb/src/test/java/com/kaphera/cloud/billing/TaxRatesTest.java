package com.kaphera.cloud.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class TaxRatesTest {

    @Test
    void ratesByCountryWithADefaultForTheRest() {
        TaxRates.Table t = TaxRates.parse(TaxRates.DEFAULT_RATES, "0");
        assertEquals(new BigDecimal("19"), t.rateFor("DE"));
        assertEquals(new BigDecimal("8.1"), t.rateFor("CH"));
        assertEquals(BigDecimal.ZERO, t.rateFor("CZ"));
        assertEquals(new BigDecimal("21"), TaxRates.parse(" NL : 21 , ", "5").rateFor("NL"));
        assertEquals(new BigDecimal("5"), TaxRates.parse("", "5").rateFor("NL"));
    }

    @Test
    void aMalformedSettingFailsLoudly() {
        for (String bad : new String[] {"DE=19", "Germany:19", "DE:nineteen", "DE:101", "DE:-1", "DE:19.12345", "DE:19,DE:7"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> TaxRates.parse(bad, "0"), bad);
            assertTrue(e.getMessage().startsWith("kaphera.billing.tax-rates"), e.getMessage());
        }
        assertThrows(IllegalStateException.class, () -> TaxRates.parse("", "x"));
    }
}
