package com.kaphera.cloud.organisation.api;

import java.util.List;

/** One page of organisations; {@code continue} is absent on the last page. */
public record OrganisationList(List<OrganisationView> items, @jakarta.json.bind.annotation.JsonbProperty("continue") String next) {
}
