package com.kaphera.cloud.web.json;

/**
 * A field of a JSON merge patch (RFC 7396) body: the record component is null when the field is
 * absent (leave it alone), and a {@code FieldPatch} holding null when the field is JSON null (remove it).
 */
public record FieldPatch<T>(T value) {

    public boolean clears() {
        return value == null;
    }
}
