package com.kaphera.cloud.web.json;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/** How responses are written: nulls left out, ISO-8601 instants (JSON-B's default), no pretty printing. */
@Provider
public class JsonConfig implements ContextResolver<Jsonb> {
    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withNullValues(false));

    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }

    /** The same writer for code outside JAX-RS (the container's error pages). */
    public static Jsonb jsonb() {
        return JSONB;
    }
}
