package com.kaphera.cloud.common;

/**
 * One problem with one input field. {@code field} is a JSON pointer-like dotted path
 * ({@code displayName}, {@code spec.replicas}); {@code message} is for people.
 */
public record FieldError(String field, String message) {
}
