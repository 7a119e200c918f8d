package com.kaphera.cloud.account.api;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;

/** One page of customer accounts; {@code continue} is absent on the last page. */
public record CustomerAccountList(List<CustomerAccountView> items, @JsonbProperty("continue") String next) {
}
