package com.kaphera.cloud.account.api;

import com.kaphera.cloud.account.CustomerAccountService.AccountWithOrganisations;
import java.time.Instant;
import java.util.List;

/** A customer account with the slugs of its live organisations. */
public record CustomerAccountView(String slug, String displayName, String billingEmail, List<String> organisations,
        Instant createdAt) {

    static CustomerAccountView of(AccountWithOrganisations a) {
        return new CustomerAccountView(a.account().slug(), a.account().displayName(), a.account().billingEmail(),
                a.organisations(), a.account().createdAt());
    }
}
