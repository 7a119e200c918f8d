package com.kaphera.cloud.common;

import java.util.List;

/**
 * One page of a keyset-paginated listing. {@code next} is an opaque token for the following page,
 * null on the last page.
 */
public record Page<T>(List<T> items, String next) {
    public Page {
        items = List.copyOf(items);
    }
}
