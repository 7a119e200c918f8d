package com.kaphera.dev.kubernetes.store;

import io.fabric8.mockwebserver.crud.AttributeSet;

/**
 * One object as fabric8's dispatcher stored it: the attribute set it matches selectors against (the
 * same set fabric8 keys its map with) and the exact JSON it serves, so reads never re-serialise.
 */
public record StoredObject(ResourceType type, ObjectKey key, AttributeSet attributes, String json,
    long resourceVersion) {
}
