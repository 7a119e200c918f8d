package com.kaphera.cloud.crd.api;

import java.util.List;

/** Every kind this server serves right now, ordered by group then kind. */
public record ResourceTypeList(List<ResourceTypeView> items) {
}
