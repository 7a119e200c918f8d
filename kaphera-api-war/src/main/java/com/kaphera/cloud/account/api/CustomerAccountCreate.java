package com.kaphera.cloud.account.api;

import com.kaphera.cloud.account.CustomerAccount;
import com.kaphera.cloud.organisation.Organisation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST /api/v1/customer-accounts. */
@Schema(name = "CustomerAccountCreate", example = """
        {"slug":"tier1-components","displayName":"Tier-1 Components Group","billingEmail":"ap@tier1.example"}""")
public record CustomerAccountCreate(
        @NotNull @Pattern(regexp = Organisation.SLUG_REGEX, message = Organisation.SLUG_RULE) String slug,
        @NotBlank @Size(max = Organisation.DISPLAY_NAME_MAX) String displayName,
        @Size(max = CustomerAccount.BILLING_EMAIL_MAX) String billingEmail) {
}
